// Reads a V8 .cpuprofile (node --cpu-prof) and prints where the time went: the functions with the
// most self time, the functions with the most time including what they call, and the files.
// `node scripts/load/profile.js <file.cpuprofile> [top]`, or through `npm run load -- --profile`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const shortUrl = (url) =>
	url
		.replace(/^file:\/\//, '')
		.replace(/^.*\/node_modules\//, '')
		.replace(/^.*\/(build[^/]*\/)/, '$1');

/** Self and total milliseconds by function and by file, from one profile. */
export function summarize(path) {
	const profile = JSON.parse(readFileSync(path, 'utf8'));
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const label = (node) => {
		const { functionName, url, lineNumber } = node.callFrame;
		return `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`.trim();
	};
	const self = new Map();
	const total = new Map();
	const files = new Map();
	let all = 0;
	profile.samples.forEach((id, i) => {
		const ms = (profile.timeDeltas[i] ?? 0) / 1000;
		all += ms;
		const node = byId.get(id);
		const name = label(node);
		self.set(name, (self.get(name) ?? 0) + ms);
		const file = node.callFrame.url ? shortUrl(node.callFrame.url) : node.callFrame.functionName;
		files.set(file, (files.get(file) ?? 0) + ms);
		const seen = new Set();
		for (let at = id; at !== undefined; at = parent.get(at)) {
			const key = label(byId.get(at));
			if (seen.has(key)) continue;
			seen.add(key);
			total.set(key, (total.get(key) ?? 0) + ms);
		}
	});
	const idle = self.get('(idle)') ?? 0;
	return { all, idle, self, total, files };
}

const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);

export function printProfile(path, n = 25) {
	const { all, idle, self, total, files } = summarize(path);
	const busy = all - idle;
	const pct = (ms) => `${((100 * ms) / busy).toFixed(1).padStart(5)} %`;
	console.log(`\nCPU profile ${path}`);
	console.log(
		`${(all / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy (percentages of busy)`
	);
	const skip = new Set(['(idle)', '(root)', '(program)']);
	console.log('\nself time, by function:');
	for (const [name, ms] of top(self, n + 3)
		.filter(([k]) => !skip.has(k))
		.slice(0, n))
		console.log(`  ${pct(ms)}  ${(ms / 1000).toFixed(2).padStart(6)} s  ${name}`);
	console.log('\nself time, by file:');
	for (const [name, ms] of top(files, n).filter(([k]) => !skip.has(k)))
		console.log(`  ${pct(ms)}  ${(ms / 1000).toFixed(2).padStart(6)} s  ${name}`);
	console.log('\ntotal time (with callees), by function:');
	for (const [name, ms] of top(total, n * 2 + 3)
		.filter(([k]) => !skip.has(k))
		.slice(0, n * 2))
		console.log(`  ${pct(ms)}  ${(ms / 1000).toFixed(2).padStart(6)} s  ${name}`);
	if (self.has('(garbage collector)'))
		console.log(`\ngarbage collector: ${pct(self.get('(garbage collector)'))}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	printProfile(process.argv[2], Number(process.argv[3] ?? 25));
}
