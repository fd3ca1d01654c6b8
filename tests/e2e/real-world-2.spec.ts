import {
	demoOf,
	expect,
	expectAccessible,
	expectOutcome,
	open,
	rowsOf,
	rowWhere,
	run,
	test
} from './helpers';

const RATE_LIMITING = '/learn/real-world/rate-limiting';
const DISTRIBUTED_LOCK = '/learn/real-world/distributed-lock';
const JOB_QUEUE = '/learn/real-world/job-queue';

// The burst demo (a real 2.5 s of requests) is pressed in reading.spec.ts, which checks its badge
// and its chart; its numbers are checked in tests/integration/rate-limiting.test.ts ("the burst demo").
test('rate limiting: a fixed window blocks the fourth request, a token bucket has its own key, /api/limited answers 429', async ({
	page
}) => {
	test.slow(); // five demo runs and an axe scan of the page
	await open(page, RATE_LIMITING);
	const limit = demoOf(page, 'rate-limit');

	await test.step('1. fixed-window, ada, 3 per 60 s, three times: ALLOWED, remaining 2, 1, 0', async () => {
		const fields = {
			algorithm: 'fixed-window',
			user: 'ada',
			'max-requests': 3,
			window: 60
		};
		for (const remaining of ['2', '1', '0']) {
			await run(page, limit, fields);
			await expectOutcome(limit, 'allowed');
			await expect(limit.entry('remaining')).toHaveText(remaining);
		}
		await expect(limit.commands).toHaveText([
			'> MULTI',
			'> INCR rate:fixed-window:ada',
			'> EXPIRE rate:fixed-window:ada 60 NX',
			'> PTTL rate:fixed-window:ada',
			'> EXEC'
		]);
	});

	await test.step('2. a fourth time: BLOCKED, status 429, headers end with Retry-After', async () => {
		await run(page, limit);
		await expectOutcome(limit, 'blocked');
		await expect(limit.entry('status')).toHaveText('429');
		const headers = await rowsOf(limit.table('headers'));
		expect(headers.map((h) => h.header)).toEqual([
			'RateLimit-Policy',
			'RateLimit-Limit',
			'RateLimit-Remaining',
			'RateLimit-Reset',
			'Retry-After'
		]);
		expect(headers.find((h) => h.header === 'RateLimit-Policy')!.value).toBe('3;w=60');
		expect(Number(headers.at(-1)!.value)).toBeGreaterThan(0);
	});

	await test.step('3. token-bucket: ALLOWED with remaining 2, its own key, one EVALSHA last', async () => {
		await run(page, limit, { algorithm: 'token-bucket' });
		await expectOutcome(limit, 'allowed');
		await expect(limit.entry('remaining')).toHaveText('2');
		await expect(limit.entry('key')).toHaveText('"rate:token-bucket:ada"');
		await expect(limit.commands.last()).toHaveText(
			/^> EVALSHA [0-9a-f]{40} 1 rate:token-bucket:ada 3 60000 \d+$/
		);
	});

	await test.step('4. /api/limited: five answers allowed (remaining 4 to 0), the sixth a 429 with Retry-After', async () => {
		// The endpoint answers JSON: the learner's own request context (same cookie), no rendering.
		const api = page.request;
		for (const remaining of ['4', '3', '2', '1', '0']) {
			const response = await api.get('/api/limited');
			expect(response.status()).toBe(200);
			expect(response.headers()['ratelimit-limit']).toBe('5');
			expect(response.headers()['ratelimit-remaining']).toBe(remaining);
			expect((await response.json()).message).toMatch(/^Allowed/);
		}
		const blocked = await api.get('/api/limited');
		expect(blocked.status()).toBe(429);
		expect(blocked.headers()['ratelimit-limit']).toBe('5');
		expect(blocked.headers()['ratelimit-remaining']).toBe('0');
		expect(Number(blocked.headers()['retry-after'])).toBeGreaterThan(0);
		expect((await blocked.json()).message).toMatch(/^Too many requests/);
		// Another algorithm, chosen in the query string, has a quota of its own.
		const other = await api.get('/api/limited?algorithm=token-bucket');
		expect(other.status()).toBe(200);
		expect(other.headers()['ratelimit-remaining']).toBe('4');
	});

	await expectAccessible(page);
});

test('distributed lock: acquire, held, not-owner, extend, release, a 1-second lock expiring, and the race', async ({
	page
}) => {
	test.slow(); // seven demo runs; the race waits for three real lock expiries
	await open(page, DISTRIBUTED_LOCK);
	const acquire = demoOf(page, 'lock-acquire');
	const release = demoOf(page, 'lock-release');
	const extend = demoOf(page, 'lock-extend');
	const race = demoOf(page, 'lock-race');

	await test.step('1. worker-a acquires report for 30 s: ACQUIRED, fence 1', async () => {
		await run(page, acquire, { resource: 'report', worker: 'worker-a', ttl: 30 });
		await expectOutcome(acquire, 'acquired');
		await expect(acquire.entry('holder')).toHaveText('"worker-a"');
		await expect(acquire.entry('fence')).toHaveText('1');
		await expect(acquire.commands.last()).toHaveText(
			/^> EVALSHA [0-9a-f]{40} 2 lock:report lock:report:fence worker-a:[0-9a-f]{16} 30000$/
		);
	});

	await test.step('2. worker-b tries: HELD by worker-a', async () => {
		await run(page, acquire, { worker: 'worker-b' });
		await expectOutcome(acquire, 'held');
		await expect(acquire.entry('holder')).toHaveText('"worker-a"');
	});

	await test.step('3. worker-b releases: NOT-OWNER, the lock stays with worker-a', async () => {
		await run(page, release, { resource: 'report', worker: 'worker-b' });
		await expectOutcome(release, 'not-owner');
		await expect(release.entry('released')).toHaveText('false');
		await expect(release.entry('holder now')).toHaveText('"worker-a"');
	});

	await test.step('4. worker-a extends to 60 s: ACQUIRED, extended, more than 59,000 ms left', async () => {
		await run(page, extend, { resource: 'report', worker: 'worker-a', ttl: 60 });
		await expectOutcome(extend, 'acquired');
		await expect(extend.entry('extended')).toHaveText('true');
		expect(Number(await extend.entry('expires in (ms)').textContent())).toBeGreaterThan(59_000);
	});

	await test.step('5. worker-a releases: RELEASED, nobody holds it', async () => {
		await run(page, release, { worker: 'worker-a' });
		await expectOutcome(release, 'released');
		await expect(release.entry('holder now')).toHaveText('"(nobody)"');
	});

	await test.step('6. worker-a acquires for 1 s: the countdown shows it expired, then worker-b gets it', async () => {
		await run(page, acquire, { worker: 'worker-a', ttl: 1 });
		await expectOutcome(acquire, 'acquired');
		await expect(acquire.ttl('lock:report')).toContainText('TTL -2 (expired)', { timeout: 5_000 });
		await run(page, acquire, { worker: 'worker-b', ttl: 30 });
		await expectOutcome(acquire, 'acquired');
		await expect(acquire.entry('holder')).toHaveText('"worker-b"');
	});

	await test.step('7. the race: GET then DEL deletes worker-b’s lock, the script does not; the stale write is rejected', async () => {
		await run(page, race);
		await expectOutcome(race, 'not-owner');
		const resumed = await rowWhere(race.table('release'), 'step', 'worker-a resumes its release');
		expect(resumed['GET then DEL']).toBe("DEL: deleted worker-b's lock");
		expect(resumed['Lua compare-and-delete']).toBe('script: not the owner, deleted nothing');
		const fencing = await rowsOf(race.table('fencing'));
		expect(fencing.at(-1)).toMatchObject({ worker: 'worker-a', result: 'rejected: 1 < 2' });
		await expect(race.statements.filter({ hasText: /^INSERT INTO reports/ })).toHaveCount(2);
	});

	await expectAccessible(page);
});

// Fail-and-retry (waits out its retries) and crash-and-recover (waits for a 3 s lease) are checked
// through the demos in tests/integration/job-queue.test.ts ("the job demos": 4 done and 1 dead,
// the recovery's steps); their result tables are the widget the worker's run shows here.
test('job queue: enqueue, then a worker takes the jobs until the queue is empty', async ({
	page
}) => {
	test.slow(); // the worker waits 1 s for more work
	await open(page, JOB_QUEUE);
	const enqueue = demoOf(page, 'job-enqueue');
	const work = demoOf(page, 'job-work');

	await test.step('1. enqueue 3: QUEUED, 3 waiting, 0 done', async () => {
		await run(page, enqueue, { count: 3 });
		await expectOutcome(enqueue, 'queued');
		await expect(enqueue.entry('waiting')).toHaveText('3');
		await expect(enqueue.entry('done')).toHaveText('0');
	});

	await test.step('2. worker-1 works: DONE, three jobs done, the last BLMOVE answers (nil)', async () => {
		await run(page, work, { worker: 'worker-1', count: 5 });
		await expectOutcome(work, 'done');
		const attempts = await rowsOf(work.table('attempts'));
		expect(attempts.map((a) => a.outcome)).toEqual(['done', 'done', 'done']);
		await expect(work.entry('waiting')).toHaveText('0');
		await expect(work.entry('done')).toHaveText('3');
		const blmoves = work.redisTrace.locator('li', { hasText: '> BLMOVE' });
		await expect(blmoves).toHaveCount(4);
		await expect(blmoves.last().locator('pre')).toHaveText('(nil)');
	});

	await expectAccessible(page);
});
