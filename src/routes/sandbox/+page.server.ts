import { fail, redirect } from '@sveltejs/kit';
import {
	parseSlowDb,
	parseTheme,
	setResetNotice,
	setSlowDb,
	setTheme
} from '$lib/server/preferences';
import { readForm } from '$lib/server/forms';
import { REDIS_UNAVAILABLE } from '$lib/server/redis/connection';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';

/** Only paths on this site: never an absolute URL from a form field. */
const backTo = (form: ReadonlyMap<string, string>) => {
	const target = form.get('return');
	return typeof target === 'string' && /^\/(?!\/)[\w\-/#?=&.]*$/.test(target) ? target : '/';
};

export const load = () => redirect(303, '/');

export const actions = {
	/**
	 * Asks first: a post without `confirm=yes` only brings the question back to the page (the
	 * enhanced form asks in the page and never sends that post). Then it says what it did.
	 */
	reset: async ({ locals, request, cookies }) => {
		const form = await readForm(request);
		if (!(form instanceof Map)) return form;
		if (form.get('confirm') !== 'yes') {
			setResetNotice(cookies, { asking: true });
			redirect(303, backTo(form));
		}
		let removedKeys: number;
		try {
			removedKeys = await sandboxOf(locals.learnerId).reset();
		} catch {
			return fail(503, { error: `Could not reset the sandbox: ${REDIS_UNAVAILABLE}` });
		}
		setResetNotice(cookies, { asking: false, removedKeys });
		redirect(303, backTo(form));
	},
	'slow-db': async ({ cookies, request }) => {
		const form = await readForm(request);
		if (!(form instanceof Map)) return form;
		const ms = parseSlowDb(form.get('slow-db'));
		if (ms === null) return fail(400, { error: 'Slow database must be 0, 50 or 200 ms.' });
		setSlowDb(cookies, ms);
		redirect(303, backTo(form));
	},
	theme: async ({ cookies, request }) => {
		const form = await readForm(request);
		if (!(form instanceof Map)) return form;
		const theme = parseTheme(form.get('theme'));
		if (theme === null) return fail(400, { error: 'Theme must be system, light or dark.' });
		setTheme(cookies, theme);
		redirect(303, backTo(form));
	}
};
