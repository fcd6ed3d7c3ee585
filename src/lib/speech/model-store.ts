// The speech model's offline copy: one Cache Storage cache per model version, filled on first
// use and read afterwards. Every file's sha256 is checked against the build's manifest before
// it is used or stored, so a corrupt or substituted download never reaches the runtime.
import { SpeechError, type SpeechFile, type SpeechFiles } from './speech-protocol';
import type { LoadedFiles } from './speech-service';

/**
 * Not "parley-…": the service worker deletes every parley- cache it does not own when a new
 * version activates, and the model (~90 MB) must survive app updates that do not change it.
 */
export const SPEECH_CACHE_PREFIX = 'speech-model-';

/** The browser APIs used, passed in so tests can hand fakes. */
export interface StoreEnv {
	caches: CacheStorage | undefined;
	fetch: typeof fetch;
	digest(bytes: Uint8Array): Promise<string>;
	/** Free bytes the origin may still use, or null when the browser does not say. */
	freeBytes(): Promise<number | null>;
}

/** The cache's name carries the files' hashes: a new model is a new cache. */
export function speechCacheName(files: SpeechFiles): string {
	const short = [files.vocabulary, files.runtime, files.runtimeGlue].map((file) => file.sha256.slice(0, 6));
	return `${SPEECH_CACHE_PREFIX}${files.model.sha256.slice(0, 12)}-${short.join('-')}`;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function openCache(env: StoreEnv, name: string): Promise<Cache> {
	if (!env.caches) throw new SpeechError('storage-refused', 'this browser gives the page no offline storage (Cache Storage)');
	try {
		return await env.caches.open(name);
	} catch (error) {
		throw new SpeechError('storage-refused', `offline storage was refused: ${String(error)}`);
	}
}

async function cachedBytes(env: StoreEnv, cache: Cache, file: SpeechFile): Promise<Uint8Array | null> {
	const hit = await cache.match(file.url);
	if (!hit) return null;
	const bytes = new Uint8Array(await hit.arrayBuffer());
	if (bytes.length === file.bytes && (await env.digest(bytes)) === file.sha256) return bytes;
	await cache.delete(file.url);
	return null;
}

async function download(env: StoreEnv, file: SpeechFile, onBytes: (count: number) => void): Promise<Uint8Array> {
	let response: Response;
	try {
		response = await env.fetch(file.url, { cache: 'no-store' });
	} catch {
		throw new SpeechError('model-missing', 'the speech model is not downloaded yet and the network is unreachable');
	}
	if (!response.ok || !response.body) throw new SpeechError('model-missing', `the speech model could not be downloaded (HTTP ${response.status})`);
	const bytes = new Uint8Array(file.bytes);
	let length = 0;
	const reader = response.body.getReader();
	for (let read = await reader.read(); !read.done; read = await reader.read()) {
		if (length + read.value.length > file.bytes) {
			await reader.cancel();
			throw new SpeechError('failed', `${file.url} is larger than the build says`);
		}
		bytes.set(read.value, length);
		length += read.value.length;
		onBytes(read.value.length);
	}
	if (length !== file.bytes || (await env.digest(bytes)) !== file.sha256) throw new SpeechError('failed', `${file.url} does not match its sha256; not used`);
	return bytes;
}

/**
 * The model, vocabulary and runtime bytes: from the cache when all three are there and intact,
 * otherwise downloaded (with progress), checked and stored. Old model versions' caches are
 * deleted once the new one is complete.
 */
export async function loadSpeechFiles(env: StoreEnv, files: SpeechFiles, onProgress: (loadedBytes: number, totalBytes: number) => void): Promise<LoadedFiles> {
	const name = speechCacheName(files);
	const cache = await openCache(env, name);
	const entries = [files.model, files.vocabulary, files.runtime, files.runtimeGlue];
	const found = await Promise.all(entries.map((file) => cachedBytes(env, cache, file)));
	const missing = entries.filter((_, i) => !found[i]);
	const totalBytes = missing.reduce((sum, file) => sum + file.bytes, 0);
	if (missing.length > 0) {
		const free = await env.freeBytes();
		if (free !== null && free < totalBytes) throw new SpeechError('storage-refused', `the speech model needs ${Math.ceil(totalBytes / 1e6)} MB of storage; ${Math.floor(free / 1e6)} MB are free`);
	}
	let loadedBytes = 0;
	onProgress(0, totalBytes);
	for (const [i, file] of entries.entries()) {
		if (found[i]) continue;
		const bytes = await download(env, file, (count) => {
			loadedBytes += count;
			onProgress(loadedBytes, totalBytes);
		});
		try {
			await cache.put(file.url, new Response(bytes as Uint8Array<ArrayBuffer>));
		} catch (error) {
			throw new SpeechError('storage-refused', `the speech model could not be stored for offline use: ${String(error)}`);
		}
		found[i] = bytes;
	}
	if (missing.length > 0) await dropOldCaches(env.caches!, name);
	const [model, vocabulary, runtime, runtimeGlue] = found as Uint8Array[];
	return {
		model: model!,
		vocabulary: JSON.parse(new TextDecoder().decode(vocabulary)) as unknown,
		runtime: runtime!,
		runtimeGlue: runtimeGlue!,
		fromCache: missing.length === 0
	};
}

async function dropOldCaches(caches: CacheStorage, keep: string): Promise<void> {
	const names = await caches.keys();
	await Promise.all(names.filter((n) => n.startsWith(SPEECH_CACHE_PREFIX) && n !== keep).map((n) => caches.delete(n)));
}
