// npm test: the linters beside the type check and then the build (each side prints its output
// when it ends, so they do not interleave), then the unit and integration tests, then the
// end-to-end tests against that build. Stops at the first step that fails, with its exit code.
import { spawn } from 'node:child_process';

/** Runs `command`; with `quiet`, its output is kept and printed in one piece when it ends. */
function run(label, command, args, { quiet = false } = {}) {
	return new Promise((resolve) => {
		const started = performance.now();
		const child = spawn(command, args, {
			stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
			env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' }
		});
		const output = [];
		child.stdout?.on('data', (chunk) => output.push(chunk));
		child.stderr?.on('data', (chunk) => output.push(chunk));
		child.on('close', (code) => {
			const seconds = ((performance.now() - started) / 1000).toFixed(0);
			if (quiet) process.stdout.write(Buffer.concat(output));
			console.log(
				`\n— ${label}: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${seconds} s\n`
			);
			resolve(code ?? 1);
		});
	});
}

const npm = (script) => ['npm', ['run', '--silent', script]];

// The linters read the sources only; the type check and the build both write .svelte-kit, so
// they take turns. On two cores the two sides take little more than the longer one.
const first = await Promise.all([
	run('lint', ...npm('lint'), { quiet: true }),
	run('check', ...npm('check'), { quiet: true }).then((code) =>
		code === 0 ? run('build', ...npm('build'), { quiet: true }) : code
	)
]);
const failed = first.find((code) => code !== 0);
if (failed !== undefined) process.exit(failed);

for (const [label, command, args] of [
	['unit and integration tests', 'npx', ['vitest', 'run']],
	['end-to-end tests', 'npx', ['playwright', 'test']]
]) {
	const code = await run(label, command, args);
	if (code !== 0) process.exit(code);
}
