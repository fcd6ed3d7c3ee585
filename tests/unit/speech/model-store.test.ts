import { describe, expect, it } from 'vitest';
import { SPEECH_CACHE_PREFIX, loadSpeechFiles, sha256Hex, speechCacheName, type StoreEnv } from '../../../src/lib/speech/model-store';
import type { SpeechFiles } from '../../../src/lib/speech/speech-protocol';

/** Cache Storage in memory: enough of the API for the store. */
class FakeCache {
	readonly entries = new Map<string, Uint8Array>();
	failPut = false;
	async match(url: string) {
		const bytes = this.entries.get(url);
		return bytes ? new Response(bytes.slice() as Uint8Array<ArrayBuffer>) : undefined;
	}
	async put(url: string, response: Response) {
		if (this.failPut) throw new DOMException('quota', 'QuotaExceededError');
		this.entries.set(url, new Uint8Array(await response.arrayBuffer()));
	}
	async delete(url: string) {
		return this.entries.delete(url);
	}
}

class FakeCaches {
	readonly caches = new Map<string, FakeCache>();
	async open(name: string) {
		let cache = this.caches.get(name);
		if (!cache) this.caches.set(name, (cache = new FakeCache()));
		return cache;
	}
	async keys() {
		return [...this.caches.keys()];
	}
	async delete(name: string) {
		return this.caches.delete(name);
	}
}

const encoder = new TextEncoder();
const bodies: Record<string, Uint8Array> = {
	'/speech/model.onnx': Uint8Array.from({ length: 5000 }, (_, i) => i & 0xff),
	'/speech/vocab.json': encoder.encode(JSON.stringify({ format: 1 })),
	'/speech/runtime.bin': Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff),
	'/speech/glue.mjs': encoder.encode('export default 1;')
};

async function filesFor(): Promise<SpeechFiles> {
	const file = async (url: string) => ({ url, bytes: bodies[url]!.length, sha256: await sha256Hex(bodies[url]!) });
	return { model: await file('/speech/model.onnx'), vocabulary: await file('/speech/vocab.json'), runtime: await file('/speech/runtime.bin'), runtimeGlue: await file('/speech/glue.mjs') };
}

function env(overrides: Partial<StoreEnv> & { served?: Record<string, Uint8Array> } = {}) {
	const caches = new FakeCaches();
	const fetched: string[] = [];
	const served = overrides.served ?? bodies;
	const store: StoreEnv = {
		caches: caches as unknown as CacheStorage,
		fetch: (async (url: string) => {
			fetched.push(url);
			const body = served[url];
			// Delivered in small pieces, as a network would.
			return body
				? new Response(
						new ReadableStream({
							start(controller) {
								for (let i = 0; i < body.length; i += 1000) controller.enqueue(body.slice(i, i + 1000));
								controller.close();
							}
						})
					)
				: new Response(null, { status: 404 });
		}) as typeof fetch,
		digest: sha256Hex,
		freeBytes: async () => null,
		...overrides
	};
	return { store, caches, fetched };
}

describe('loadSpeechFiles', () => {
	it('downloads on first use with progress, keeps the files, and reads them from the cache after', async () => {
		const files = await filesFor();
		const { store, caches, fetched } = env();
		const progress: [number, number][] = [];
		const first = await loadSpeechFiles(store, files, (loaded, total) => progress.push([loaded, total]));
		expect(first.fromCache).toBe(false);
		expect(first.model).toEqual(bodies['/speech/model.onnx']);
		expect(first.vocabulary).toEqual({ format: 1 });
		const total = Object.values(bodies).reduce((sum, body) => sum + body.length, 0);
		expect(progress.at(-1)).toEqual([total, total]);
		expect(progress.length).toBeGreaterThan(5);
		expect(fetched).toHaveLength(4);
		expect(caches.caches.get(speechCacheName(files))!.entries.size).toBe(4);

		const again = await loadSpeechFiles(store, files, () => undefined);
		expect(again.fromCache).toBe(true);
		expect(again.runtime).toEqual(bodies['/speech/runtime.bin']);
		expect(fetched).toHaveLength(4);
	});

	it('refuses a download whose sha256 is not the build’s, and stores nothing', async () => {
		const files = await filesFor();
		const tampered = { ...bodies, '/speech/model.onnx': bodies['/speech/model.onnx']!.map((b, i) => (i === 10 ? b ^ 1 : b)) };
		const { store, caches } = env({ served: tampered });
		await expect(loadSpeechFiles(store, files, () => undefined)).rejects.toMatchObject({ code: 'failed', message: /sha256/ });
		expect(caches.caches.get(speechCacheName(files))!.entries.has('/speech/model.onnx')).toBe(false);
	});

	it('refuses a download longer than the build says without reading it all', async () => {
		const files = await filesFor();
		const longer = { ...bodies, '/speech/runtime.bin': new Uint8Array(100_000) };
		const { store } = env({ served: longer });
		await expect(loadSpeechFiles(store, files, () => undefined)).rejects.toMatchObject({ code: 'failed', message: /larger/ });
	});

	it('downloads again when a cached file is damaged', async () => {
		const files = await filesFor();
		const { store, caches, fetched } = env();
		await loadSpeechFiles(store, files, () => undefined);
		caches.caches.get(speechCacheName(files))!.entries.set('/speech/vocab.json', encoder.encode('{}'));
		const again = await loadSpeechFiles(store, files, () => undefined);
		expect(again.fromCache).toBe(false);
		expect(again.vocabulary).toEqual({ format: 1 });
		expect(fetched.filter((url) => url === '/speech/vocab.json')).toHaveLength(2);
	});

	it('says the model is missing when it is not cached and the network is down', async () => {
		const files = await filesFor();
		const { store } = env({ fetch: (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch });
		await expect(loadSpeechFiles(store, files, () => undefined)).rejects.toMatchObject({ code: 'model-missing' });
		const { store: notFound } = env({ served: {} });
		await expect(loadSpeechFiles(notFound, files, () => undefined)).rejects.toMatchObject({ code: 'model-missing' });
	});

	it('says storage was refused: no Cache Storage, too little room (before downloading), or a failed write', async () => {
		const files = await filesFor();
		await expect(loadSpeechFiles(env({ caches: undefined }).store, files, () => undefined)).rejects.toMatchObject({ code: 'storage-refused' });
		const tight = env({ freeBytes: async () => 1000 });
		await expect(loadSpeechFiles(tight.store, files, () => undefined)).rejects.toMatchObject({ code: 'storage-refused', message: /MB/ });
		expect(tight.fetched).toEqual([]);
		const full = env();
		(await full.caches.open(speechCacheName(files))).failPut = true;
		await expect(loadSpeechFiles(full.store, files, () => undefined)).rejects.toMatchObject({ code: 'storage-refused' });
		const broken = env({ caches: { open: () => Promise.reject(new DOMException('denied', 'SecurityError')) } as unknown as CacheStorage });
		await expect(loadSpeechFiles(broken.store, files, () => undefined)).rejects.toMatchObject({ code: 'storage-refused' });
	});

	it('deletes older model versions’ caches once the new one is complete, and nothing else', async () => {
		const files = await filesFor();
		const { store, caches } = env();
		await caches.open(`${SPEECH_CACHE_PREFIX}old`);
		await caches.open('parley-config-v1');
		await loadSpeechFiles(store, files, () => undefined);
		expect(await caches.keys()).toEqual(['parley-config-v1', speechCacheName(files)]);
	});
});
