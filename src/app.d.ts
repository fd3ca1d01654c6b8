// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Locals {
			learnerId: string;
			slowDbMs: number;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
