import { ContentHasher, FILE_KEY_BYTES } from '../crypto/file-cipher';
import { GcmFileCipher } from '../crypto/file-cipher-gcm';
import type { Sodium } from '../crypto/sodium';
import { chunkSpan } from '../files/chunk-ranges';
import { CHUNK_BYTES } from '../files/file-limits';
import { bytesOfHex } from '../files/hex';
import { PieceFileError, type PieceFileHost } from './piece-file-host';

/** A received chunk as it came over the wire: still sealed under the file's key. */
export interface SealedChunk {
	index: number;
	sealed: Uint8Array;
}

/** What became of a batch: the chunks that opened and are written, and those that did not open. */
export interface SealedOutcome {
	stored: number[];
	refused: number[];
}

/** One file being received: its cipher, and its BLAKE2b while chunks come in order from the first. */
interface Stream {
	key: Uint8Array;
	cipher: GcmFileCipher;
	hashing: { hasher: ContentHasher; next: number } | null;
}

/**
 * The receiver's per-chunk work in the piece-file worker (BENCHMARKS "Files (session 16)"): the
 * page hands over the sealed chunks of an AES-256-GCM file (their buffers moved, not copied);
 * here each is opened, fed to the file's running hash while chunks come in order, and only a
 * chunk that opened is written at its offset. The page's thread then only routes frames and keeps
 * the bookkeeping; before, opening and hashing were most of its work per chunk.
 *
 * The hash covers exactly what is written here: a chunk out of order (a resend, a resumed
 * transfer) or a failed write ends it, and the page then hashes the stored file instead.
 */
export class SealedPieceWriter {
	readonly #host: PieceFileHost;
	readonly #sodium: () => Promise<Sodium> | null;
	readonly #streams = new Map<string, Stream>();

	/** `sodium` null: no running hash here (the page reads the file back to verify it). */
	constructor(host: PieceFileHost, sodium: () => Promise<Sodium> | null) {
		this.#host = host;
		this.#sodium = sodium;
	}

	async write(hash: string, size: number, key: Uint8Array, chunks: readonly SealedChunk[]): Promise<SealedOutcome> {
		if (key.length !== FILE_KEY_BYTES) throw new PieceFileError('a file key is 32 bytes', false);
		const stream = await this.#stream(hash, key, chunks[0]?.index);
		const chunkCount = Math.ceil(size / CHUNK_BYTES);
		const opened = await Promise.all(chunks.map((chunk) => (Number.isInteger(chunk.index) && chunk.index >= 0 && chunk.index < chunkCount ? stream.cipher.open(chunk.index, chunk.sealed) : Promise.resolve(null))));
		const stored: number[] = [];
		const refused: number[] = [];
		const pieces: { at: number; bytes: Uint8Array }[] = [];
		opened.forEach((plain, i) => {
			const index = (chunks[i] as SealedChunk).index;
			// A chunk that opened but is not as long as its place in the file (its author holds
			// the key) is refused too: written at its offset it would leave a gap or overlap, and
			// the running hash would name bytes other than the stored ones.
			const span = chunkSpan(index, size, CHUNK_BYTES);
			if (plain === null || plain.length !== span.end - span.start) return void refused.push(index);
			stored.push(index);
			pieces.push({ at: index * CHUNK_BYTES, bytes: plain });
			const hashing = stream.hashing;
			if (hashing !== null && hashing.next === index) {
				hashing.hasher.update(plain);
				hashing.next += 1;
			} else this.#stopHashing(stream);
		});
		if (pieces.length === 0) return { stored, refused };
		try {
			await this.#host.write(hash, size, pieces);
		} catch (error) {
			// What was hashed is not what is stored: the page hashes the stored file instead.
			this.#stopHashing(stream);
			throw error;
		}
		return { stored, refused };
	}

	/**
	 * The running hash of a file whose `chunks` chunks were all written here in order, or null
	 * (out of order, a restart, no hashing here). The file's stream ends either way.
	 */
	digest(hash: string, chunks: number): Uint8Array | null {
		const stream = this.#streams.get(hash);
		this.#streams.delete(hash);
		if (stream?.hashing == null) return null;
		if (stream.hashing.next !== chunks) {
			stream.hashing.hasher.discard();
			return null;
		}
		return stream.hashing.hasher.digest();
	}

	/** The transfer stopped (cancelled, refused, its message gone): its hash state is freed. */
	forget(hash: string): void {
		const stream = this.#streams.get(hash);
		this.#streams.delete(hash);
		if (stream !== undefined) this.#stopHashing(stream);
	}

	get streamCount(): number {
		return this.#streams.size;
	}

	/**
	 * The file's stream under this key: a new one when none is open or another key comes (another
	 * message of the same content). Hashing starts only with a stream whose first chunk is the
	 * file's first.
	 */
	async #stream(hash: string, key: Uint8Array, first: number | undefined): Promise<Stream> {
		const open = this.#streams.get(hash);
		if (open !== undefined && sameBytes(open.key, key)) return open;
		if (open !== undefined) this.forget(hash);
		if (!HASH_NAME.test(hash)) throw new PieceFileError('not a content hash', false);
		const contentHash = bytesOfHex(hash);
		const sodium = first === 0 ? await this.#sodium() : null;
		const stream: Stream = { key: key.slice(), cipher: new GcmFileCipher(key, contentHash), hashing: sodium === null ? null : { hasher: new ContentHasher(sodium), next: 0 } };
		this.#streams.set(hash, stream);
		return stream;
	}

	#stopHashing(stream: Stream): void {
		stream.hashing?.hasher.discard();
		stream.hashing = null;
	}
}

const HASH_NAME = /^[0-9a-f]{64}$/;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
