import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { Bars } from '$lib/types';
import { CUSTOMERS } from '$lib/server/db/seed';
import { DEMOS } from '$lib/server/demos';
import { slowLog, timedRemoval } from '$lib/server/patterns/big-key';
import { keyCost } from '$lib/server/patterns/memory-usage';
import { request, runDemo, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();

const sharedConfig = async () => (await plain.config('GET', '*')) as string[];
const commandLines = (trace: { cmd: string; args: string[] }[]) =>
	trace.map(({ cmd, args }) => [cmd, ...args].join(' '));

type Form = { form: string; encoding: string; bytes: number; 'estimate (SAMPLES 5)': number };

describe('memory-compare', () => {
	it('measures one customer from SQLite as a JSON string and as a hash, small and past the value limit', async () => {
		const before = await sharedConfig();
		const { outcome, result, trace, sql } = await runDemo(newSandbox(), 'memory-compare', {
			'customer-id': '4'
		});
		expect(outcome).toBe('done');

		// The customer is the learner's own row, read once.
		expect(sql.map((s) => [s.params, s.rows])).toEqual([[[4], 1]]);
		const [id, name, email, city, tier, joined] = CUSTOMERS[3]!;
		const customer = { id, name, email, city, tier, joined };
		const set = trace.find((t) => t.cmd === 'SET' && t.args[0] === 'customer:json:4')!;
		expect(JSON.parse(set.args[1]!)).toEqual(customer);
		const hset = trace.find((t) => t.cmd === 'HSET' && t.args[0] === 'customer:hash:4')!;
		expect(hset.args.slice(1)).toEqual(Object.entries(customer).flat().map(String));

		// The limits come from the lab server, first thing.
		expect(commandLines(trace.slice(0, 1))).toEqual(['CONFIG GET hash-max-listpack-*']);
		expect(trace[0]!.reply).toMatch(/"hash-max-listpack-entries"\n\d\) "512"/);
		expect(trace[0]!.reply).toMatch(/"hash-max-listpack-value"\n\d\) "64"/);
		expect(result['listpack limits']).toBe('512 fields, 64 bytes a value');
		expect(result['notes (bytes)']).toBeGreaterThan(64);

		const forms = result.forms as Form[];
		expect(forms.map(({ form, encoding }) => [form, encoding])).toEqual([
			['JSON string', 'raw'],
			['hash', 'listpack'],
			['JSON string with notes', 'raw'],
			['hash with notes', 'hashtable']
		]);
		const [json, hash, jsonNotes, hashNotes] = forms as [Form, Form, Form, Form];
		expect(result.jsonBytes).toBe(json.bytes);
		expect(result.hashBytes).toBe(hash.bytes);
		// A listpack is one block, about what the string costs; a hash table costs more than the JSON.
		expect(Math.abs(hash.bytes - json.bytes)).toBeLessThan(json.bytes / 2);
		expect(hashNotes.bytes).toBeGreaterThan(jsonNotes.bytes);
		expect(jsonNotes.bytes).toBeGreaterThan(json.bytes);
		// Strings and listpacks are measured whole either way; only the hash table is sampled.
		for (const form of [json, hash, jsonNotes])
			expect(form['estimate (SAMPLES 5)']).toBe(form.bytes);

		const bars = result.bars as Bars;
		expect(bars.unit).toBe('bytes');
		expect(bars.bars).toEqual(
			forms.map(({ form, encoding, bytes }) => ({ label: `${form} (${encoding})`, value: bytes }))
		);

		// Each key: written, then OBJECT ENCODING and MEMORY USAGE without and with SAMPLES 0.
		expect(commandLines(trace).filter((line) => /^(OBJECT|MEMORY)/.test(line))).toEqual(
			[
				'customer:json:4',
				'customer:hash:4',
				'customer:json:4:notes',
				'customer:hash:4:notes'
			].flatMap((key) => [
				`OBJECT ENCODING ${key}`,
				`MEMORY USAGE ${key}`,
				`MEMORY USAGE ${key} SAMPLES 0`
			])
		);
		expect(await sharedConfig()).toEqual(before);
	});

	it('keyCost counts every field of a hash table, where the plain MEMORY USAGE samples 5', async () => {
		const run = await request(newSandbox());
		const lab = await run.ctx.lab();
		const fields = Object.fromEntries(
			Array.from({ length: 20 }, (_, i) => [`f${i}`, i === 7 ? 'x'.repeat(2000) : 'short'])
		);
		await lab.redis.hset('uneven', fields);
		const cost = await keyCost(lab.redis, 'uneven');
		expect(cost.encoding).toBe('hashtable');
		expect(cost.bytes).toBe(await lab.redis.memory('USAGE', 'uneven', 'SAMPLES', 0));
		expect(cost.bytes).toBeGreaterThan(2000);
	});

	it('refuses a customer outside the seed with a sentence', () => {
		const demo = DEMOS.get('memory-compare')!;
		const parsed = v.safeParse(demo.schema, { 'customer-id': '99' });
		expect(parsed.success).toBe(false);
		expect(parsed.issues?.[0].message).toBe('Customer must be a whole number from 1 to 8.');
	});
});

describe('big-key-delete', () => {
	it('DEL blocks for the whole set, UNLINK answers at once; each removes its key', async () => {
		const before = await sharedConfig();
		const { outcome, result, trace } = await runDemo(newSandbox(), 'big-key-delete', {
			members: '200000'
		});
		expect(outcome).toBe('done');
		expect(result['lazyfree-lazy-user-del']).toBe('no');
		expect(result.members).toBe(200_000);
		expect(result['each copy (bytes)']).toBeGreaterThan(200_000 * 20);

		const eval_ = trace.find((t) => t.cmd === 'EVAL')!;
		expect(eval_.args.slice(1)).toEqual(['1', 'visitors:del', '200000']);
		expect(eval_.reply).toBe('(integer) 200000');
		expect(commandLines(trace)).toEqual(
			expect.arrayContaining([
				'COPY visitors:del visitors:unlink',
				'CONFIG SET slowlog-log-slower-than 0'
			])
		);
		const del = trace.find((t) => t.cmd === 'DEL')!;
		const unlink = trace.find((t) => t.cmd === 'UNLINK')!;
		expect([del.reply, unlink.reply]).toEqual(['(integer) 1', '(integer) 1']);
		expect(trace.indexOf(del)).toBeLessThan(trace.indexOf(unlink));

		type Removal = {
			command: string;
			key: string;
			'answered in (ms)': number;
			'server time (µs)': number;
		};
		const [delRow, unlinkRow] = result.removals as [Removal, Removal];
		expect(delRow).toMatchObject({ command: 'DEL', key: 'visitors:del' });
		expect(unlinkRow).toMatchObject({ command: 'UNLINK', key: 'visitors:unlink' });
		// Freeing 200,000 members takes tens of ms of server time; unlinking one key, microseconds.
		// Both are the server's own measure (the slow log), so the gap is a factor of hundreds.
		expect(delRow['server time (µs)']).toBeGreaterThan(5_000);
		expect(delRow['server time (µs)']).toBeGreaterThan(unlinkRow['server time (µs)']);
		expect(delRow['answered in (ms)']).toBeGreaterThan(5);

		const bars = result.bars as Bars;
		expect(bars.unit).toBe('ms');
		expect(bars.bars.map((bar) => bar.label)).toEqual(['DEL', 'UNLINK']);
		expect(await sharedConfig()).toEqual(before);
	});

	it('timedRemoval and slowLog: the slow log names the command and its key', async () => {
		const run = await request(newSandbox());
		const lab = await run.ctx.lab();
		await lab.redis.config('SET', 'slowlog-log-slower-than', 0);
		await lab.redis.sadd('small', 'a', 'b', 'c');
		const removal = await timedRemoval(lab.redis, 'small', 'UNLINK');
		expect(removal.removed).toBe(1);
		expect(removal.ms).toBeGreaterThan(0);
		expect(await timedRemoval(lab.redis, 'small', 'DEL')).toMatchObject({ removed: 0 });
		const [latest, previous] = await slowLog(lab.redis, 2);
		expect([previous, latest].map((entry) => [entry!.command, entry!.args])).toEqual([
			['UNLINK', ['small']],
			['DEL', ['small']]
		]);
		expect(latest!.micros).toBeGreaterThanOrEqual(0);
	});

	it('refuses a size outside its range with a sentence', () => {
		const demo = DEMOS.get('big-key-delete')!;
		const parsed = v.safeParse(demo.schema, { members: '5000000' });
		expect(parsed.success).toBe(false);
		expect(parsed.issues?.[0].message).toBe('Members must be a whole number from 10000 to 400000.');
	});
});
