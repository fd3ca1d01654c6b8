/**
 * Every page and endpoint carries a Content-Security-Policy without 'unsafe-inline' scripts and
 * with frame-ancestors, nosniff and a Referrer-Policy; the browser reports no violation of the
 * policy while a learner reads, runs demos, types in the console, searches and listens; the
 * learner cookie is HttpOnly, SameSite=Lax, and Secure once the public ORIGIN is https (issue 13,
 * headers).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../src/lib/server/redis/free-port.js';
import type { APIResponse, Page } from '@playwright/test';
import {
	expect,
	expectOutcome,
	open,
	openConsole,
	openKeys,
	ORIGIN,
	postDemo,
	replyText,
	run,
	test
} from './helpers';

const LESSON = '/learn/basic-caching/cache-aside';

/** The policy's directives by name: `{ 'script-src': ["'self'", "'nonce-…'"], … }`. */
function directives(policy: string | undefined): Record<string, string[]> {
	expect(policy, 'a Content-Security-Policy header').toBeTruthy();
	return Object.fromEntries(
		policy!
			.split(';')
			.map((part) => part.trim().split(/\s+/))
			.filter(([name]) => name)
			.map(([name, ...values]) => [name!, values])
	);
}

function expectCommonHeaders(response: APIResponse, what: string) {
	const headers = response.headers();
	expect(headers['x-content-type-options'], what).toBe('nosniff');
	expect(headers['referrer-policy'], what).toBe('strict-origin-when-cross-origin');
	expect(directives(headers['content-security-policy'])['frame-ancestors'], what).toEqual([
		"'none'"
	]);
}

test('a lesson page: a nonce for its scripts, no unsafe-inline, no framing, nosniff, a referrer policy', async ({
	request
}) => {
	const response = await request.get(LESSON);
	expect(response.status()).toBe(200);
	expectCommonHeaders(response, LESSON);
	expect(response.headers()['x-frame-options']).toBe('DENY');
	const policy = directives(response.headers()['content-security-policy']);
	const scripts = policy['script-src'] ?? policy['default-src']!;
	expect(scripts).not.toContain("'unsafe-inline'");
	expect(scripts).toContain("'self'");
	const nonce = scripts.find((source) => source.startsWith("'nonce-"));
	expect(nonce, 'a nonce for the page’s own inline script').toBeTruthy();
	// The page's inline scripts carry that nonce, or are the template's script, allowed by hash.
	const html = await response.text();
	const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((match) => match[1]!);
	expect(inline.length).toBeGreaterThan(0);
	const hashes = scripts.filter((source) => source.startsWith("'sha256-"));
	expect(hashes.length, 'the template’s script, by hash').toBeGreaterThan(0);
	for (const attributes of inline) {
		if (attributes.includes('nonce='))
			expect(attributes).toContain(`nonce="${nonce!.slice(7, -1)}"`);
	}
	expect(policy['object-src']).toEqual(["'none'"]);
	expect(policy['connect-src']).toEqual(["'self'"]);
	// A second load has a nonce of its own.
	const again = directives((await request.get(LESSON)).headers()['content-security-policy']);
	expect(again['script-src']).not.toContain(nonce);
});

test('endpoints and a form action answer with the same headers', async ({ request }) => {
	const health = await request.get('/api/health');
	expectCommonHeaders(health, '/api/health');
	// An endpoint's JSON loads nothing itself.
	expect(directives(health.headers()['content-security-policy'])['default-src']).toEqual([
		"'none'"
	]);
	const line = await request.post('/api/console', {
		data: JSON.stringify({ line: 'PING' }),
		headers: { 'content-type': 'application/json' }
	});
	expect(line.status()).toBe(200);
	expectCommonHeaders(line, 'POST /api/console');
	const keys = await request.get('/api/keys');
	expectCommonHeaders(keys, '/api/keys');
	const demo = await postDemo(request, LESSON, { demo: 'cache-aside-read', table: 'inventory' });
	expect(demo.status()).toBe(200);
	expectCommonHeaders(demo, 'POST ?/demo');
	// A form post without JavaScript: the redirect or page it gets back carries them too.
	const plain = await postDemo(request, LESSON, { demo: 'cache-aside-read' }, 'text/html');
	expect(plain.status()).toBeLessThan(500);
	expectCommonHeaders(plain, 'POST ?/demo as HTML');
	const missing = await request.get('/learn/no/such-lesson');
	expect(missing.status()).toBe(404);
	expectCommonHeaders(missing, 'a 404 page');
});

test('static files (the app’s scripts, the favicon) carry nosniff and the referrer policy', async ({
	request
}) => {
	const html = await (await request.get(LESSON)).text();
	const script = /[./]*\/?_app\/immutable\/[^"']+\.js/.exec(html)?.[0];
	expect(script, 'a module the page imports').toBeTruthy();
	const scriptPath = new URL(script!, new URL(LESSON, ORIGIN)).pathname;
	for (const path of [scriptPath, '/favicon.svg']) {
		const response = await request.get(path);
		expect(response.status(), path).toBe(200);
		expect(response.headers()['x-content-type-options'], path).toBe('nosniff');
		expect(response.headers()['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
	}
});

/** Records every CSP violation the page reports, from before its first script runs. */
async function watchViolations(page: Page): Promise<string[]> {
	const violations: string[] = [];
	await page.exposeFunction('__cspViolation', (text: string) => violations.push(text));
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (event) => {
			const report = `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`;
			(window as unknown as { __cspViolation: (text: string) => void }).__cspViolation(report);
		});
	});
	page.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
	});
	return violations;
}

test('no CSP violation while reading, running a demo, using the console and the Keys tab', async ({
	page
}) => {
	const violations = await watchViolations(page);
	await open(page, LESSON);
	const demo = await run(page, 'cache-aside-read', { table: 'inventory' });
	await expectOutcome(demo, 'miss');
	await openConsole(page);
	expect(await replyText(page, 'SET greeting hello')).toBe('OK');
	await openKeys(page);
	await expect(page.getByTestId('key-inspector').locator('tr[data-key="greeting"]')).toBeVisible();
	// The dark scheme's highlighted code and a page reached by client-side navigation.
	await page.emulateMedia({ colorScheme: 'dark' });
	await page
		.getByRole('link', { name: /Write-through/ })
		.first()
		.click();
	await expect(page).toHaveURL(/write-through$/);
	await expect(page.locator('h1')).toBeVisible();
	expect(violations).toEqual([]);
});

test('no CSP violation on the command search, the live subscriber panel and the stampede lab', async ({
	page
}) => {
	test.slow();
	const violations = await watchViolations(page);
	await open(page, '/commands');
	await page.getByLabel('Search the lessons and commands').fill('zadd');
	await expect(
		page.getByTestId('search-results').locator('li[data-kind="command"]').first()
	).toContainText('ZADD');

	await open(page, '/learn/real-world/pub-sub');
	const status = page.getByTestId('subscriber').getByRole('status');
	await expect(status).toHaveAttribute('data-status', 'listening', { timeout: 10_000 });
	await run(page, 'pubsub-publish', { channel: 'orders', 'event-type': 'created' });
	await expect(page.getByTestId('subscriber').getByRole('log').locator('li')).toHaveCount(1);

	await open(page, '/learn/stampede/cache-stampede');
	const stampede = await run(page, 'stampede', { strategy: 'mutex', requests: 20 });
	await expectOutcome(stampede, 'done');
	await expect(stampede.result.getByTestId('stampede-timeline')).toBeVisible();
	expect(violations).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// Behind a TLS-terminating proxy: ORIGIN is https, the app itself speaks plain HTTP.

/** A second instance of the built course, with its own environment; stopped by the caller. */
async function startCourse(env: Record<string, string>) {
	const port = await freePort();
	const child: ChildProcess = spawn(process.execPath, ['scripts/start.js'], {
		env: { ...process.env, ...env, PORT: String(port) },
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const base = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`the course exited: ${stderr}`);
		const up = await fetch(`${base}/api/health`).then(
			(response) => response.ok,
			() => false
		);
		if (up) break;
		if (Date.now() > deadline) throw new Error(`the course did not start: ${stderr}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return {
		base,
		stop: () =>
			new Promise<void>((resolve) => {
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

/** The learner cookie's attributes, lower-cased: `{ httponly: true, samesite: 'lax', … }`. */
function learnerCookie(setCookie: string[]): Record<string, string | true> {
	const cookie = setCookie.find((line) => line.startsWith('learner='));
	expect(cookie, 'a learner cookie').toBeTruthy();
	return Object.fromEntries(
		cookie!
			.split(';')
			.slice(1)
			.map((part) => {
				const [name, value] = part.trim().split('=');
				return [name!.toLowerCase(), value?.toLowerCase() ?? true];
			})
	);
}

test('the learner cookie is HttpOnly and SameSite=Lax, and not Secure on plain http', async () => {
	const response = await fetch(`${ORIGIN}${LESSON}`);
	const cookie = learnerCookie(response.headers.getSetCookie());
	expect(cookie).toMatchObject({ httponly: true, samesite: 'lax', path: '/' });
	expect(cookie.secure).toBeUndefined();
});

test('behind an https ORIGIN the cookie is Secure, and FRAME_ANCESTORS is read at start', async () => {
	test.slow(); // a second course, with its own redis-server
	const course = await startCourse({
		ORIGIN: 'https://course.example.test',
		FRAME_ANCESTORS: "https://intranet.example.test 'self'"
	});
	try {
		// What the proxy forwards: plain HTTP to the app; the browser saw https://course.example.test.
		const response = await fetch(`${course.base}${LESSON}`);
		expect(response.status).toBe(200);
		const cookie = learnerCookie(response.headers.getSetCookie());
		expect(cookie).toMatchObject({ httponly: true, samesite: 'lax', secure: true, path: '/' });
		const policy = directives(response.headers.get('content-security-policy') ?? undefined);
		expect(policy['frame-ancestors']).toEqual(['https://intranet.example.test', "'self'"]);
		expect(response.headers.get('x-frame-options')).toBeNull(); // it would forbid the intranet
		// A form post from the public origin is taken; from the app's own address, refused.
		const form = { demo: 'cache-aside-read', table: 'inventory' };
		const post = (origin: string) =>
			fetch(`${course.base}${LESSON}?/demo`, {
				method: 'POST',
				body: new URLSearchParams(form),
				headers: { origin, accept: 'application/json' }
			});
		expect((await post('https://course.example.test')).status).toBe(200);
		expect((await post(course.base)).status).toBe(403);
	} finally {
		await course.stop();
	}
});
