import type { Bars } from '$lib/types';
import { CUSTOMER_COUNT } from '../db/seed';
import { listpackLimits } from '../patterns/hash-encoding';
import { compareForms, type FlatObject } from '../patterns/memory-usage';
import { defineDemo, integer } from './define';

const SELECT_CUSTOMER = 'SELECT id, name, email, city, tier, joined FROM customers WHERE id = ?';

/** Sample data: support notes one field longer than a listpack may hold, written for the demo. */
const NOTE =
	'Prefers delivery after 5 pm; call the front desk, not the mobile. Invoices to accounts, ' +
	'with the order number on every line. ';
const notesLongerThan = (bytes: number) => NOTE.repeat(Math.ceil((bytes + 1) / NOTE.length)).trim();

export default defineDemo({
	id: 'memory-compare',
	title: 'One customer as a JSON string and as a hash, on a private server',
	button: 'Measure',
	pattern: 'memory-usage',
	runs: 'compareForms',
	draws: ['bars'],
	inputs: { 'customer-id': integer('Customer', 1, CUSTOMER_COUNT, 4) },
	async run(ctx, { 'customer-id': id }) {
		const customer = await ctx.db.get<FlatObject>(SELECT_CUSTOMER, id);
		if (!customer) throw new Error(`There is no customer ${id} in your database.`);
		// CONFIG and MEMORY are refused on the shared server: a private one answers them.
		const lab = await ctx.lab();
		const limits = await listpackLimits(lab.redis);
		const small = await compareForms(lab.redis, customer, {
			json: `customer:json:${id}`,
			hash: `customer:hash:${id}`
		});
		const notes = notesLongerThan(limits.valueBytes);
		const large = await compareForms(
			lab.redis,
			{ ...customer, notes },
			{ json: `customer:json:${id}:notes`, hash: `customer:hash:${id}:notes` }
		);
		const forms = [
			{ form: 'JSON string', ...small.json },
			{ form: 'hash', ...small.hash },
			{ form: 'JSON string with notes', ...large.json },
			{ form: 'hash with notes', ...large.hash }
		];
		const bars: Bars = {
			title: `MEMORY USAGE … SAMPLES 0 of customer ${id}, each way`,
			unit: 'bytes',
			bars: forms.map(({ form, encoding, bytes }) => ({
				label: `${form} (${encoding})`,
				value: bytes
			}))
		};
		return {
			outcome: 'done',
			result: {
				bars,
				jsonBytes: small.json.bytes,
				hashBytes: small.hash.bytes,
				'listpack limits': `${limits.entries} fields, ${limits.valueBytes} bytes a value`,
				'notes (bytes)': Buffer.byteLength(notes),
				forms: forms.map(({ form, encoding, bytes, estimate }) => ({
					form,
					encoding,
					bytes,
					'estimate (SAMPLES 5)': estimate
				}))
			},
			summary:
				`customer ${id}: JSON ${small.json.bytes} B, hash ${small.hash.bytes} B (${small.hash.encoding}); ` +
				`with notes: JSON ${large.json.bytes} B, hash ${large.hash.bytes} B (${large.hash.encoding})`
		};
	}
});
