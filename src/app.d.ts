// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Locals {
			learnerId: string;
			/** The learner id was issued by this request: it brought no learner cookie. */
			newLearner?: boolean;
			slowDbMs: number;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
