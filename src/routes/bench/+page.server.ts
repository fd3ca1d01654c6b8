import { error } from '@sveltejs/kit';

/**
 * The do-nothing form action a demo click is measured against (`npm run bench`). It exists only
 * when the server runs with BENCH=1.
 */
const enabled = () => process.env.BENCH === '1';

export const load = () => {
	if (!enabled()) error(404, { message: 'Not found' });
	return {};
};

export const actions = {
	noop: () => {
		if (!enabled()) error(404, { message: 'Not found' });
		return { ok: true };
	}
};
