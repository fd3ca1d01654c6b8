import { defineFixExercise } from './define';

export default defineFixExercise({
	id: 'fix-the-rate-limiter',
	title: 'Fix the rate limiter',
	task: '`fixedWindow` counts with `INCR`, then sends `EXPIRE` in a second round trip when the count is 1. Make sure the counter can never be left without a TTL, whatever stops the request half way.',
	hint: 'A crash after the `INCR`, or the window ending between two commands, leaves a counter that never expires. Send the `INCR` and the `EXPIRE` in one `multi()`: Redis runs them together at `EXEC`. `EXPIRE key seconds NX` sets the expiry only when the key has none, so it can go in every request.',
	fix: {
		entry: 'exercises/broken/fixed-window.ts',
		solution: 'patterns/fixed-window.ts'
	}
});
