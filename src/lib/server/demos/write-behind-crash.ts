import { memoryKey } from '../pattern-support';
import { flush, naiveFlush, recover, writeBehind, type Apply } from '../patterns/write-behind';
import { DemoPreconditionError, defineDemo } from './define';
import { describeWrite, lag } from './support/write-behind-view';

const CUSTOMER_ID = 2;
/** Each run writes two new cities, so the database row shows which write reached it. */
const CITIES = ['York', 'Bath', 'Cork', 'Bonn', 'Graz', 'Nice'];
const RUNS = memoryKey('write-behind-crash:runs', () => 0);

class Crashed extends Error {}

/**
 * Runs a flush whose process "dies" holding the batch it took, after it left the queue and
 * before SQLite saw it; resolves to the writes it was holding.
 */
async function crashHoldingTheBatch(flushWith: (apply: Apply) => Promise<unknown>) {
	let holding: string | undefined;
	const crash: Apply = async (writes) => {
		holding = writes.map(describeWrite).join(', ');
		throw new Crashed();
	};
	try {
		await flushWith(crash);
	} catch (error) {
		if (error instanceof Crashed && holding) return holding;
		throw error;
	}
	throw new DemoPreconditionError(
		'The flush was meant to crash, but the queue was empty: another run took the write first. Press it again.'
	);
}

export default defineDemo({
	id: 'write-behind-crash',
	title: 'Crash a flush half way, then recover',
	button: 'Crash and recover',
	pattern: 'write-behind',
	runs: 'flush',
	inputs: {},
	async run(ctx) {
		const run = await ctx.memory.get(RUNS);
		await ctx.memory.set(RUNS, run + 1);
		const reliableCity = CITIES[(2 * run) % CITIES.length]!;
		const naiveCity = CITIES[(2 * run + 1) % CITIES.length]!;

		// Who sends what, in the trace: the app writing, the flusher that dies, the restarted one.
		const app = ctx.actor('app');
		const crashing = ctx.actor('flusher, crashes holding the batch');
		const restarted = ctx.actor('restarted flusher');

		// Reliable: LMOVE into the processing list, crash before the UPDATE, recover, flush.
		const reliableWrite = await writeBehind(app, CUSTOMER_ID, 'city', reliableCity);
		const reliableHeld = await crashHoldingTheBatch((apply) => flush(crashing, { apply }));
		const afterCrash = await lag(ctx, []);
		const recovered = await recover(restarted);
		const afterRecovery = await lag(ctx, []);
		await flush(restarted);
		const reliable = await lag(ctx, [CUSTOMER_ID]);

		// Naive: LPOP, crash before the UPDATE. There is nothing to recover from.
		const naiveWrite = await writeBehind(app, CUSTOMER_ID, 'city', naiveCity);
		const naiveHeld = await crashHoldingTheBatch((apply) => naiveFlush(crashing, { apply }));
		const naive = await lag(ctx, [CUSTOMER_ID]);
		const [naiveCache, naiveDatabase] = naive.copies;
		const lost = naiveDatabase!.city !== naiveCity && naive.queue === 0 && naive.processing === 0;
		const [reliableCache, reliableDatabase] = reliable.copies;

		return {
			outcome: 'recovered',
			result: {
				'side by side': [
					{
						step: 'write',
						reliable: describeWrite(reliableWrite.item),
						naive: describeWrite(naiveWrite.item)
					},
					{
						step: 'flusher takes it with',
						reliable: 'a script: queue → processing',
						naive: 'LPOP queue 100'
					},
					{ step: 'crash while holding', reliable: reliableHeld, naive: naiveHeld },
					{ step: 'queue after the crash', reliable: afterCrash.queue, naive: naive.queue },
					{
						step: 'processing after the crash',
						reliable: afterCrash.processing,
						naive: 'no such list'
					},
					{
						step: 'recovery',
						reliable: `${recovered} moved back to the queue, then flushed`,
						naive: 'nothing left to recover'
					},
					{ step: 'queue after recovery', reliable: afterRecovery.queue, naive: naive.queue },
					{ step: 'cached city', reliable: reliableCache!.city, naive: naiveCache!.city },
					{ step: 'database city', reliable: reliableDatabase!.city, naive: naiveDatabase!.city },
					{ step: 'the write is', reliable: 'recovered', naive: lost ? 'lost' : 'not lost' }
				],
				recovered,
				lost,
				customer: naive.copies
			},
			summary:
				`reliable flusher recovered ${describeWrite(reliableWrite.item)}; ` +
				`naive LPOP flusher ${lost ? 'lost' : 'kept'} ${describeWrite(naiveWrite.item)}`
		};
	}
});
