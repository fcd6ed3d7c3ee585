import { ContentHasher, FileCipher } from '../src/lib/crypto/file-cipher';
import { loadSodium, type Sodium } from '../src/lib/crypto/sodium';
import { ChunkArena } from '../src/lib/files/chunk-arena';
import { chunkFrameHeader, chunkFrameInto, encodeChunkFrame, MAX_CHUNK_FRAME_BYTES } from '../src/lib/files/chunk-frame';
import { GcmFileCipher } from '../src/lib/crypto/file-cipher-gcm';
import { InOrderQueue } from '../src/lib/files/in-order-queue';
import { MAX_OPENING_CHUNKS } from '../src/lib/messenger/files/file-deps';

// bench/file-cipher-ab.ts's page: the engine's per-chunk work on each side, one step per call so
// that Node can read the CPU the renderer used for it from /proc. "old" is session 13's way
// (libsodium's wrapper functions: a copy in and an allocation out per call, then the frame copy;
// on B the hash copies the chunk in again); "new" is in place (FileCipher over libsodium's
// memory, opened chunks cut from a ChunkArena); "aes" is WebCrypto's AES-256-GCM on the same
// chunks, one call at a time (session 14's sketch); "gcm" is what the engine does since session 15
// (GcmFileCipher, nonce and additional data of PROTOCOL §13b, through an InOrderQueue).

const CHUNK = 64 * 1024;
const SOURCE_BYTES = 4 * 1024 * 1024;

interface Prepared {
	sodium: Sodium;
	key: Uint8Array;
	hash: Uint8Array;
	source: Uint8Array;
	sealed: Uint8Array[];
	aesKey: CryptoKey;
	aesSealed: ArrayBuffer[];
	gcm: GcmFileCipher;
	gcmSealed: Uint8Array[];
}

let prepared: Prepared | null = null;

/** The same sodium with its Emscripten module hidden: FileCipher falls back to the wrapper functions. */
function wrapperOnly(sodium: Sodium): Sodium {
	return Object.assign(Object.create(sodium) as Sodium, { libsodium: undefined });
}

function iv(index: number): Uint8Array<ArrayBuffer> {
	const nonce = new Uint8Array(12);
	new DataView(nonce.buffer).setUint32(8, index);
	return nonce;
}

export async function prepare(): Promise<void> {
	const sodium = await loadSodium();
	const key = FileCipher.newKey(sodium);
	const hash = sodium.randombytes_buf(32);
	const source = new Uint8Array(SOURCE_BYTES);
	for (let at = 0; at < source.length; at += CHUNK) source.set(sodium.randombytes_buf(CHUNK), at);
	const sealer = new FileCipher(sodium, key, hash);
	const slice = (i: number) => source.subarray(i * CHUNK, (i + 1) * CHUNK);
	const count = SOURCE_BYTES / CHUNK;
	const sealed = Array.from({ length: count }, (_, i) => sealer.seal(i, slice(i)));
	const aesKey = await crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['encrypt', 'decrypt']);
	const aesSealed = await Promise.all(Array.from({ length: count }, (_, i) => crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv(i), additionalData: hash as Uint8Array<ArrayBuffer> }, aesKey, slice(i) as Uint8Array<ArrayBuffer>)));
	const gcm = new GcmFileCipher(key, hash);
	const gcmSealed = await Promise.all(Array.from({ length: count }, (_, i) => gcm.seal(i, slice(i))));
	prepared = { sodium, key, hash, source, sealed, aesKey, aesSealed, gcm, gcmSealed };
}

export type Step = 'seal-old' | 'seal-new' | 'seal-lent' | 'hash' | 'seal-aes' | 'open-old' | 'open-new' | 'open-aes' | 'seal-gcm' | 'seal-gcm-into' | 'open-gcm';

/** One step over `chunks` chunks of 64 KiB; wall ms. */
export async function step(which: Step, chunks: number): Promise<number> {
	if (prepared === null) throw new Error('prepare first');
	const { sodium, key, hash, source, sealed, aesKey, aesSealed, gcm, gcmSealed } = prepared;
	const count = sealed.length;
	const slice = (i: number) => source.subarray((i % count) * CHUNK, ((i % count) + 1) * CHUNK);
	const at = performance.now();
	let sink = 0;
	if (which === 'seal-lent') {
		// What the engine sends now: the frame lent from libsodium's memory, copied by `send`
		// (here by a copy into one reused buffer, as a data channel copies it into its queue).
		const cipher = new FileCipher(sodium, key, hash);
		const queue = new Uint8Array(CHUNK + 64);
		for (let i = 0; i < chunks; i++) {
			const frame = cipher.sealAfterLent(chunkFrameHeader(hash, i), i, slice(i));
			queue.set(frame);
			sink += frame.length;
		}
	} else if (which === 'hash') {
		const hasher = new ContentHasher(sodium);
		for (let i = 0; i < chunks; i++) hasher.update(slice(i));
		hasher.digest();
		sink = 1;
	} else if (which === 'seal-old' || which === 'seal-new') {
		const cipher = new FileCipher(which === 'seal-old' ? wrapperOnly(sodium) : sodium, key, hash);
		for (let i = 0; i < chunks; i++) {
			const frame = which === 'seal-old' ? encodeChunkFrame(hash, i, cipher.seal(i, slice(i))) : cipher.sealAfter(chunkFrameHeader(hash, i), i, slice(i));
			sink += frame.length;
		}
	} else if (which === 'open-old' || which === 'open-new') {
		const old = which === 'open-old';
		const cipher = new FileCipher(old ? wrapperOnly(sodium) : sodium, key, hash);
		const hasher = new ContentHasher(old ? wrapperOnly(sodium) : sodium);
		const arena = new ChunkArena();
		const held: Uint8Array[] = [];
		for (let i = 0; i < chunks; i++) {
			const plain = old ? cipher.open(i % count, sealed[i % count]!) : cipher.open(i % count, sealed[i % count]!, arena.take, hasher);
			if (plain === null) throw new Error('did not open');
			if (old) hasher.update(plain);
			// Held as the engine holds them until a piece is written.
			held.push(plain);
			if (held.length >= 64) held.length = 0;
			sink += plain.length;
		}
		hasher.digest();
	} else if (which === 'seal-gcm' || which === 'seal-gcm-into' || which === 'open-gcm') {
		// What the engine does now (session 15): GcmFileCipher through an InOrderQueue, at most
		// MAX_OPENING_CHUNKS at once, results handled in order (the receiver's BLAKE2b, the
		// sender's send-like copy into one reused buffer).
		const hasher = new ContentHasher(sodium);
		const queueCopy = new Uint8Array(CHUNK + 64);
		// seal-gcm-into: the engine since session 23, each sealed chunk framed in one reused buffer.
		const frameBuffer = new Uint8Array(MAX_CHUNK_FRAME_BYTES);
		let added = 0;
		let done = 0;
		let finished: () => void = () => undefined;
		const all = new Promise<void>((resolve) => (finished = resolve));
		// The engine adds as chunks come (receiver) or as the high-water mark allows (sender):
		// here, one more each time one is handled, twice the running limit queued.
		const feed = () => {
			for (; added < chunks && queue.size < 2 * MAX_OPENING_CHUNKS; added++) {
				const i = added;
				queue.add(which === 'open-gcm' ? () => gcm.open(i % count, gcmSealed[i % count]!) : which === 'seal-gcm' ? () => gcm.sealAfter(chunkFrameHeader(hash, i), i % count, slice(i)) : () => gcm.seal(i % count, slice(i)).then((sealedChunk) => chunkFrameInto(frameBuffer, hash, i, sealedChunk)));
			}
		};
		const queue = new InOrderQueue<Uint8Array | null>(MAX_OPENING_CHUNKS, (outcome) => {
			if (!outcome.ok || outcome.value === null) throw new Error('did not seal or open');
			if (which === 'open-gcm') hasher.update(outcome.value);
			else queueCopy.set(outcome.value);
			sink += outcome.value.length;
			if (++done === chunks) finished();
			else feed();
		});
		feed();
		await all;
		hasher.digest();
	} else if (which === 'seal-aes') {
		for (let i = 0; i < chunks; i++) {
			const header = chunkFrameHeader(hash, i);
			const sealedChunk = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv(i % count), additionalData: hash as Uint8Array<ArrayBuffer> }, aesKey, slice(i) as Uint8Array<ArrayBuffer>);
			const frame = new Uint8Array(header.length + sealedChunk.byteLength);
			frame.set(header);
			frame.set(new Uint8Array(sealedChunk), header.length);
			sink += frame.length;
		}
	} else {
		const hasher = new ContentHasher(sodium);
		for (let i = 0; i < chunks; i++) {
			const plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: iv(i % count), additionalData: hash as Uint8Array<ArrayBuffer> }, aesKey, aesSealed[i % count]!));
			hasher.update(plain);
			sink += plain.length;
		}
		hasher.digest();
	}
	if (sink === 0) throw new Error('nothing done');
	return performance.now() - at;
}
