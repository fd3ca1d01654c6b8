import { fail, redirect } from '@sveltejs/kit';
import { parseSlowDb, setSlowDb } from '$lib/server/preferences';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';

/** Only paths on this site: never an absolute URL from a form field. */
const backTo = (form: FormData) => {
	const target = form.get('return');
	return typeof target === 'string' && /^\/(?!\/)[\w\-/#?=&.]*$/.test(target) ? target : '/';
};

export const load = () => redirect(303, '/');

export const actions = {
	reset: async ({ locals, request }) => {
		const form = await request.formData();
		try {
			await sandboxOf(locals.learnerId).reset();
		} catch (error) {
			return fail(503, { error: `Could not reset the sandbox: ${(error as Error).message}` });
		}
		redirect(303, backTo(form));
	},
	'slow-db': async ({ cookies, request }) => {
		const form = await request.formData();
		const ms = parseSlowDb(form.get('slow-db'));
		if (ms === null) return fail(400, { error: 'Slow database must be 0, 50 or 200 ms.' });
		setSlowDb(cookies, ms);
		redirect(303, backTo(form));
	}
};
