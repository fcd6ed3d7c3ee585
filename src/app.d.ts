// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {}
	/** package.json's version, injected by Vite (vite.config.ts `define`). */
	const __APP_VERSION__: string;
	/** static/speech/manifest.json from the build step (scripts/prepare-speech.mjs), or null. */
	const __SPEECH_ASSETS__: import('$lib/speech/speech-assets').SpeechAssetManifest | null;
}

export {};
