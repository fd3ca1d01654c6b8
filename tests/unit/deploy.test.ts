import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

/**
 * What the Dockerfile and the compose profile promise whoever runs the course for a team. No
 * container engine runs where the tests run, so these read the files: a multi-stage build whose
 * runtime holds production dependencies only, runs as a user other than root, checks
 * /api/health, and gets its Redis from the compose file through REDIS_URL.
 */
interface Instruction {
	op: string;
	args: string;
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped, split by stage. */
function dockerfileStages(text: string): Instruction[][] {
	const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
	const stages: Instruction[][] = [];
	for (const line of lines.map((l) => l.trim())) {
		if (!line || line.startsWith('#')) continue;
		const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
		const instruction = { op: op.toUpperCase(), args: args.replace(/\s+/g, ' ') };
		if (instruction.op === 'FROM') stages.push([]);
		stages.at(-1)?.push(instruction);
	}
	return stages;
}

const dockerfile = readFileSync('Dockerfile', 'utf8');
const stages = dockerfileStages(dockerfile);
const build = stages[0] ?? [];
const runtime = stages.at(-1) ?? [];
const args = (stage: Instruction[], op: string) =>
	stage.filter((i) => i.op === op).map((i) => i.args);
const dockerignore = readFileSync('.dockerignore', 'utf8')
	.split('\n')
	.map((line) => line.trim())
	.filter((line) => line && !line.startsWith('#'));

describe('Dockerfile', () => {
	it('builds in one stage and runs from a slim one', () => {
		expect(stages.length).toBeGreaterThanOrEqual(2);
		expect(build[0]!.args).toMatch(/^node:20-bookworm\S* AS build$/i);
		expect(runtime[0]!.args).toMatch(/^node:20-bookworm-slim\b/);
		// better-sqlite3's native addon can be compiled in the build stage when no prebuilt fits.
		const installs = args(build, 'RUN').join(' ');
		for (const tool of ['python3', 'make', 'g++']) expect(installs).toContain(tool);
		expect(installs).toMatch(/npm ci\b/);
		expect(installs).toMatch(/npm run build/);
		expect(installs).toMatch(/npm prune --omit=dev/);
	});

	it('runs the built app with production dependencies only, copied from the build stage', () => {
		const copies = args(runtime, 'COPY');
		for (const path of ['/app/node_modules', '/app/build', '/app/package.json', 'start.js'])
			expect(copies.some((copy) => copy.startsWith('--from=build') && copy.includes(path))).toBe(
				true
			);
		// Nothing in the runtime installs npm packages (which would bring devDependencies back).
		expect(args(runtime, 'RUN').join(' ')).not.toMatch(/npm (ci|install|i)\b/);
		expect(args(runtime, 'CMD')).toEqual(['["node", "scripts/start.js"]']);
	});

	it('runs as a user other than root', () => {
		const users = args(runtime, 'USER');
		expect(users.length).toBeGreaterThan(0);
		expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
		// USER comes before the command, so the app never runs as root.
		const ops = runtime.map((i) => i.op);
		expect(ops.lastIndexOf('USER')).toBeLessThan(ops.lastIndexOf('CMD'));
	});

	it('checks /api/health on the port it listens on, and exposes 3000', () => {
		const [healthcheck] = args(runtime, 'HEALTHCHECK');
		expect(healthcheck).toMatch(/CMD .*\/api\/health/);
		expect(healthcheck).toContain('process.env.PORT');
		expect(healthcheck).toMatch(/r\.ok \? 0 : 1/); // a 503 (Redis away) is unhealthy
		expect(args(runtime, 'EXPOSE')).toContain('3000');
		const env = args(runtime, 'ENV').join(' ');
		expect(env).toMatch(/\bPORT=3000\b/);
		expect(env).toMatch(/\bORIGIN=\S+/);
	});

	it('has every file the build stage copies, and .dockerignore keeps them', () => {
		const sources = args(build, 'COPY')
			.filter((copy) => !copy.startsWith('--from'))
			.flatMap((copy) => copy.split(' ').slice(0, -1));
		expect(sources.length).toBeGreaterThan(5);
		for (const source of sources) {
			expect(existsSync(source), source).toBe(true);
			expect(dockerignore, source).not.toContain(source);
		}
		// What the image must build itself rather than take from this machine.
		for (const ignored of ['node_modules', 'build', '.svelte-kit', '.git'])
			expect(dockerignore).toContain(ignored);
	});
});

describe('docker-compose.yml', () => {
	const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as {
		services: Record<string, Record<string, unknown>>;
	};
	const course = Object.entries(compose.services).find(([, service]) =>
		(service.profiles as string[] | undefined)?.includes('course')
	);

	it('has a course profile that builds this Dockerfile', () => {
		expect(course).toBeDefined();
		expect(course![1].build).toBe('.');
	});

	it("gives the course the compose file's Redis through REDIS_URL, once it is healthy", () => {
		const [, service] = course!;
		const env = service.environment as Record<string, string>;
		expect(env.REDIS_URL).toMatch(/^redis:\/\/redis:6379$/);
		expect(compose.services.redis).toBeDefined();
		expect(compose.services.redis!.profiles).toBeUndefined(); // started with the course
		expect(service.depends_on).toMatchObject({ redis: { condition: 'service_healthy' } });
		expect(env.ORIGIN).toBeDefined();
		expect((service.ports as string[]).some((port) => port.endsWith(':3000'))).toBe(true);
	});
});
