import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// The prerendered index.html is the shell every path falls back to (peer-server/src/static-app.ts).
		// precompress writes .br and .gz beside each file; the server picks one per request.
		adapter: adapter({ strict: true, precompress: true }),
		// All CSS (~21 KB raw, ~5 KB compressed) goes inline into index.html: no render-blocking
		// stylesheet request before the first paint.
		inlineStyleThreshold: 32 * 1024,
		// Root-relative asset URLs: the same index.html answers every path, /a/b included.
		paths: { relative: false },
		// static/speech/ (the ~90 MB speech model, written by scripts/prepare-speech.mjs) stays out of
		// the install precache: it is fetched on first use into its own cache (src/lib/speech/model-store.ts).
		serviceWorker: { register: false, files: (file) => !file.startsWith('speech/') && !/\.DS_Store/.test(file) },
		// Everything is served by our own origin; libsodium needs WebAssembly compilation.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'media-src': ['self', 'blob:'],
				// 'self' covers ws:/wss: to this same origin (CSP3), which is the only socket the app opens.
				'connect-src': ['self'],
				'worker-src': ['self', 'blob:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	},
	compilerOptions: { runes: true }
};

export default config;
