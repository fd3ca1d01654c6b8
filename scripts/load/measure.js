// What `npm run load` measures: request latencies by kind, errors by status and reason, and the
// app process's resident memory sampled from /proc.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** Latency samples (ms) by label. */
export class Latencies {
	/** @type {Map<string, number[]>} */
	samples = new Map();

	add(label, ms) {
		let list = this.samples.get(label);
		if (!list) this.samples.set(label, (list = []));
		list.push(ms);
	}

	/** p50/p95/p99/max of a label's samples, or null with none. */
	summary(label) {
		const list = this.samples.get(label);
		if (!list?.length) return null;
		const sorted = [...list].sort((a, b) => a - b);
		const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
		return {
			n: sorted.length,
			p50: at(0.5),
			p95: at(0.95),
			p99: at(0.99),
			max: sorted[sorted.length - 1]
		};
	}
}

/** Errors counted by "status reason". */
export class Errors {
	/** @type {Map<string, number>} */
	counts = new Map();
	total = 0;

	add(what) {
		this.total++;
		this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
	}
}

const MIB = 1024 * 1024;

/** A process's resident set in bytes (VmRSS), or null once it has gone. */
export function rssOf(pid) {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
		return kb ? Number(kb[1]) * 1024 : null;
	} catch {
		return null;
	}
}

/** Samples a process's RSS every `everyMs`, keeping the peak; `stop()` ends it. */
export function sampleRss(pid, everyMs = 250) {
	const state = { peak: 0, last: 0 };
	const tick = () => {
		const rss = rssOf(pid);
		if (rss == null) return;
		state.last = rss;
		state.peak = Math.max(state.peak, rss);
	};
	tick();
	const timer = setInterval(tick, everyMs);
	return {
		get peak() {
			return state.peak;
		},
		get last() {
			return state.last;
		},
		stop: () => clearInterval(timer)
	};
}

/** The process's CPU time so far (user + system), in seconds, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 a second).
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return null;
	}
}

export const mib = (bytes) => `${(bytes / MIB).toFixed(0)} MiB`;
export const MiB = MIB;
export const load = () =>
	loadavg()
		.map((n) => n.toFixed(2))
		.join(' ');

/** The ids of a process's direct children (the embedded redis-server, say). */
export function childrenOf(pid) {
	try {
		return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
			.trim()
			.split(/\s+/)
			.filter(Boolean)
			.map(Number);
	} catch {
		return [];
	}
}
