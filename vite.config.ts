import { sveltekit } from '@sveltejs/kit/vite';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { prebuiltNameList } from './scripts/prebuilt-name-list';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// Written by scripts/prepare-speech.mjs (run by `npm run build`): the speech model's hashed file
// names and sha256s, which the app needs to fetch and check them. null when not prepared (dev).
const speechManifestPath = new URL('./static/speech/manifest.json', import.meta.url);
const speechAssets: unknown = existsSync(speechManifestPath) ? JSON.parse(readFileSync(speechManifestPath, 'utf8')) : null;

export default defineConfig({
	plugins: [sveltekit()],
	// Shown in Settings → About; replaced at build time, so no code reads package.json at runtime.
	define: { __APP_VERSION__: JSON.stringify(version), __SPEECH_ASSETS__: JSON.stringify(speechAssets) },
	resolve: {
		// onnxruntime-web's WebAssembly-only build that loads its binary from us (the speech
		// worker hands it the bytes), not the default bundle with the 28 MB WebGPU binary inlined
		// by URL. The package maps this file only under a custom export condition.
		alias: [{ find: /^onnxruntime-web\/wasm$/, replacement: fileURLToPath(new URL('./node_modules/onnxruntime-web/dist/ort.wasm.min.mjs', import.meta.url)) }]
	},
	build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
	// The export worker gets the name list as data only (scripts/prebuilt-name-list.ts).
	worker: { plugins: () => [prebuiltNameList()] },
	test: {
		include: ['tests/unit/**/*.test.ts', 'peer-server/test/**/*.test.ts'],
		environment: 'node',
		// Two test files at a time on a 2-core machine (the default here was one): 7.6 → 4.0 min
		// for the whole suite (session 22), most files waiting on timers and imports.
		maxWorkers: 2,
		setupFiles: ['tests/unit/setup.ts']
	}
});
