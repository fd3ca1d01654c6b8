import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { closeRedis } from '$lib/server/redis/connection';
import { MAX_LAB_SERVERS, startLab } from '$lib/server/redis/labs';
import { newRecorder } from '$lib/server/redis/traced-client';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';
import { GET } from '../../src/routes/api/health/+server';

afterAll(closeRedis);

interface Health {
	connected: boolean;
	version: string | null;
	source: string;
	rttMs: number | null;
	message: string | null;
	labs: { running: number; max: number };
	sandboxes: number;
}

async function health() {
	const response = await GET();
	return {
		status: response.status,
		cache: response.headers.get('cache-control'),
		body: (await response.json()) as Health
	};
}

describe('GET /api/health', () => {
	it("keeps the header's fields: connected, version, source, round trip, message", async () => {
		const { status, cache, body } = await health();
		expect(status).toBe(200);
		expect(cache).toBe('no-store');
		expect(body).toMatchObject({ connected: true, source: 'REDIS_URL', message: null });
		expect(body.version).toMatch(/^\d+\.\d+/);
		expect(body.rttMs).toBeGreaterThan(0);
		expect(body.rttMs).toBeLessThan(1000);
	});

	it('counts the learners held in memory', async () => {
		const before = (await health()).body.sandboxes;
		sandboxOf(randomBytes(16).toString('base64url'));
		sandboxOf(randomBytes(16).toString('base64url'));
		expect((await health()).body.sandboxes).toBe(before + 2);
	});

	it('reports the lab servers running out of the most that may run', async () => {
		expect((await health()).body.labs).toEqual({ running: 0, max: MAX_LAB_SERVERS });
		const { stop } = await startLab({}, newRecorder());
		try {
			expect((await health()).body.labs).toEqual({ running: 1, max: MAX_LAB_SERVERS });
		} finally {
			await stop();
		}
		expect((await health()).body.labs.running).toBe(0);
	});
});
