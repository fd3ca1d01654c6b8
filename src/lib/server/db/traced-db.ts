import type Database from 'better-sqlite3';
import type { SqlEntry } from '$lib/types';

export type SqlParam = string | number | bigint | null;
export type SqlStep = [sql: string, ...params: SqlParam[]];

/**
 * Where a request's statements run: `open()` gives the learner's database, up to date, once per
 * request; `wrote()` hears of each change made, so that other instances can replay it.
 */
export interface DbStore {
	open(): Promise<Database.Database>;
	wrote(steps: SqlStep[]): void;
}

/** Latency the "slow database" setting may add to every statement, in ms. */
export const SLOW_DB_CHOICES_MS = [0, 50, 200] as const;
export type SlowDbMs = (typeof SLOW_DB_CHOICES_MS)[number];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The learner's SQLite database as the patterns see it: async, like a networked database,
 * with every statement recorded and the "slow database" latency added.
 */
export class TracedDb {
	constructor(
		private readonly store: DbStore,
		private readonly sql: SqlEntry[],
		private readonly addedLatencyMs: number,
		/** Who sends the statements, when a demo plays several clients. */
		private readonly actor?: string
	) {}

	/** The same database, its statements labelled as sent by `actor`. */
	as(actor: string): TracedDb {
		return new TracedDb(this.store, this.sql, this.addedLatencyMs, actor);
	}

	/** All rows of a query. */
	all<Row>(sql: string, ...params: SqlParam[]): Promise<Row[]> {
		return this.timed(sql, params, (stmt) => {
			const rows = stmt.all(...params) as Row[];
			this.wroteReturning(stmt, rows.length, sql, params);
			return { value: rows, rows: rows.length };
		});
	}

	/** The first row of a query, or undefined. */
	get<Row>(sql: string, ...params: SqlParam[]): Promise<Row | undefined> {
		return this.timed(sql, params, (stmt) => {
			const row = stmt.get(...params) as Row | undefined;
			this.wroteReturning(stmt, row ? 1 : 0, sql, params);
			return { value: row, rows: row ? 1 : 0 };
		});
	}

	/** A write that returns rows (`UPDATE … RETURNING`) read with all/get changed the database too. */
	private wroteReturning(stmt: Database.Statement, rows: number, sql: string, params: SqlParam[]) {
		if (rows && !stmt.readonly) this.store.wrote([[sql, ...params]]);
	}

	/** A statement that changes rows; resolves to the number of rows changed. */
	run(sql: string, ...params: SqlParam[]): Promise<number> {
		return this.timed(sql, params, (stmt) => {
			const { changes } = stmt.run(...params);
			if (changes) this.store.wrote([[sql, ...params]]);
			return { value: changes, rows: changes };
		});
	}

	/**
	 * Several statements in one SQLite transaction: all commit or none do. The latency is added
	 * once, as for one round trip to a database server.
	 */
	async transaction(steps: SqlStep[]): Promise<number[]> {
		const db = await this.store.open();
		const started = performance.now();
		while (performance.now() - started < this.addedLatencyMs) {
			await sleep(this.addedLatencyMs - (performance.now() - started));
		}
		const waited = performance.now() - started;
		// Each statement's own time; the first also carries the latency waited before the round trip.
		const times: number[] = [];
		const changes = db.transaction(() =>
			steps.map(([sql, ...params]) => {
				const begun = performance.now();
				const changed = db.prepare(sql).run(...params).changes;
				times.push(performance.now() - begun);
				return changed;
			})
		)();
		if (changes.some(Boolean)) this.store.wrote(steps);
		steps.forEach(([sql, ...params], i) =>
			this.sql.push({
				sql: sql.replace(/\s+/g, ' ').trim(),
				params: params.map((p) => (typeof p === 'bigint' ? p.toString() : p)),
				rows: changes[i]!,
				ms: times[i]! + (i === 0 ? waited : 0),
				addedLatencyMs: i === 0 ? this.addedLatencyMs : 0,
				...(this.actor && { actor: this.actor })
			})
		);
		return changes;
	}

	private async timed<T>(
		sql: string,
		params: SqlParam[],
		exec: (stmt: Database.Statement) => { value: T; rows: number }
	): Promise<T> {
		const db = await this.store.open();
		const started = performance.now();
		// Timers may fire a little early: sleep until the whole latency has really passed.
		while (performance.now() - started < this.addedLatencyMs) {
			await sleep(this.addedLatencyMs - (performance.now() - started));
		}
		const entry = (rows: number, error?: unknown): SqlEntry => ({
			sql: sql.replace(/\s+/g, ' ').trim(),
			params: params.map((p) => (typeof p === 'bigint' ? p.toString() : p)),
			rows,
			ms: performance.now() - started,
			addedLatencyMs: this.addedLatencyMs,
			...(this.actor && { actor: this.actor }),
			...(error !== undefined && { error: (error as Error).message })
		});
		let result: { value: T; rows: number };
		try {
			result = exec(db.prepare(sql));
		} catch (error) {
			this.sql.push(entry(0, error)); // a failed statement is shown too, with its message
			throw error;
		}
		this.sql.push(entry(result.rows));
		return result.value;
	}
}
