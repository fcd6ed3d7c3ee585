// The speech worker: postMessage glue around SpeechService (tested in Node). onnxruntime-web's
// WebAssembly build runs here, single-threaded (the app is not cross-origin isolated, so no
// SharedArrayBuffer), so the page never waits on a model call.
import * as ort from 'onnxruntime-web/wasm';
import { loadSpeechFiles, sha256Hex } from './model-store';
import { SpeechError, type SpeechRequest } from './speech-protocol';
import { SpeechService } from './speech-service';
import { loadWhisperModel } from './whisper-model';

interface WorkerScope {
	postMessage(message: unknown): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

const scope = self as unknown as WorkerScope;

const service = new SpeechService((reply) => scope.postMessage(reply), {
	now: () => performance.now(),
	loadFiles(files, onProgress) {
		if (typeof WebAssembly !== 'object') return Promise.reject(new SpeechError('unsupported', 'this browser cannot run WebAssembly'));
		return loadSpeechFiles(
			{
				caches: typeof caches === 'undefined' ? undefined : caches,
				fetch: (input, init) => fetch(input, init),
				digest: sha256Hex,
				async freeBytes() {
					const estimate = await navigator.storage?.estimate?.();
					return estimate?.quota === undefined ? null : estimate.quota - (estimate.usage ?? 0);
				}
			},
			files,
			onProgress
		);
	},
	createModel({ model, runtime, runtimeGlue }) {
		ort.env.wasm.numThreads = 1;
		ort.env.wasm.proxy = false;
		// onnxruntime's loader module and its 14 MB binary come out of the speech cache, checked
		// against the build's sha256 (model-store.ts): our own origin, no CDN, and they work
		// offline (the service worker's precache does not list files a worker imports at runtime).
		ort.env.wasm.wasmBinary = runtime;
		ort.env.wasm.wasmPaths = { mjs: URL.createObjectURL(new Blob([runtimeGlue as Uint8Array<ArrayBuffer>], { type: 'text/javascript' })) };
		return loadWhisperModel(ort, model);
	}
});

scope.addEventListener('message', (event) => service.handle(event.data as SpeechRequest));
