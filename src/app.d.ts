// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {}
	/** package.json's version, injected by Vite (vite.config.ts `define`). */
	const __APP_VERSION__: string;
}

export {};
