/** The size of one shared buffer: a stored piece's worth of 64 KiB chunks (64). */
export const ARENA_BYTES = 4 * 1024 * 1024;

/**
 * Hands out views of shared buffers for opened chunks: one 4 MiB allocation per 64 chunks
 * instead of one per chunk. A buffer is never reused: it is dropped when full and lives on only
 * as long as some chunk cut from it is still held (waiting to be written), so a view handed out
 * is never overwritten. Anything larger than a buffer gets a buffer of its own.
 */
export class ChunkArena {
	readonly #bytes: number;
	#buffer: Uint8Array<ArrayBuffer> | null = null;
	#used = 0;

	constructor(bytes = ARENA_BYTES) {
		this.#bytes = bytes;
	}

	/** A zero-filled view of `length` bytes that no other take shares. */
	readonly take = (length: number): Uint8Array<ArrayBuffer> => {
		if (length > this.#bytes) return new Uint8Array(length);
		if (this.#buffer === null || this.#used + length > this.#bytes) {
			this.#buffer = new Uint8Array(this.#bytes);
			this.#used = 0;
		}
		const view = this.#buffer.subarray(this.#used, this.#used + length);
		this.#used += length;
		return view;
	};
}
