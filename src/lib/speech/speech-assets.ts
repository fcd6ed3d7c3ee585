import type { SpeechFiles } from './speech-protocol';

/** What scripts/prepare-speech.mjs wrote, as vite.config.ts hands it to the app. */
export interface SpeechAssetManifest {
	model: { name: string; bytes: number; sha256: string };
	vocabulary: { name: string; bytes: number; sha256: string };
	ortWasm: { name: string; bytes: number; sha256: string };
	ortGlue: { name: string; bytes: number; sha256: string };
}

/** This build's speech files (vite.config.ts `define`); null when the build step did not run. */
export const BUILT_SPEECH_ASSETS: SpeechAssetManifest | null = __SPEECH_ASSETS__;

/** Where static/speech/ is served. */
export const SPEECH_ASSET_PATH = '/speech/';

/** The files' URLs under `base` (SvelteKit's paths.base); null when the build has no model. */
export function speechFiles(manifest: SpeechAssetManifest | null, base = ''): SpeechFiles | null {
	if (!manifest) return null;
	const file = ({ name, bytes, sha256 }: SpeechAssetManifest['model']) => ({ url: `${base}${SPEECH_ASSET_PATH}${name}`, bytes, sha256 });
	return { model: file(manifest.model), vocabulary: file(manifest.vocabulary), runtime: file(manifest.ortWasm), runtimeGlue: file(manifest.ortGlue) };
}

/** Bytes a first use downloads; the settings switch states it. */
export function downloadBytes(files: SpeechFiles): number {
	return files.model.bytes + files.vocabulary.bytes + files.runtime.bytes + files.runtimeGlue.bytes;
}
