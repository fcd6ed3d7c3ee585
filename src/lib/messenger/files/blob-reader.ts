/**
 * Reads our own file's Blob for serving it chunk by chunk, as one stream from where serving
 * starts: the bytes come as the browser's blob store pipes them (pieces of up to ~2 MiB in
 * Chromium), and a chunk is a view into a piece unless it straddles two (then one copy).
 *
 * Why a stream: in Chromium each `Blob.slice().arrayBuffer()` costs a few ms of CPU across the
 * page and the browser process whatever its size: 256 MB read 4 MiB at a time cost ~1.1 s, as
 * one stream ~0.55 s (BENCHMARKS "Files (session 23)"). Memory stays flat: the stream holds what
 * its pipe holds, and here at most the piece a chunk is cut from.
 *
 * A read that does not start where the last one ended (a resumed transfer, chunks asked again)
 * starts a new stream there. Reads are served one at a time, in call order.
 */
export class BlobReader {
	readonly #blob: Blob;
	#reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
	/** Offset in the Blob of `#piece`'s first byte. */
	#at = 0;
	/** What the stream gave that no read took yet. */
	#piece: Uint8Array = new Uint8Array(0);
	#queue: Promise<unknown> = Promise.resolve();

	constructor(blob: Blob) {
		this.#blob = blob;
	}

	/** Bytes [start, end) of the Blob; rejects when the Blob ends (or fails to read) before `end`. */
	read(start: number, end: number): Promise<Uint8Array> {
		const result = this.#queue.then(() => this.#read(start, end));
		this.#queue = result.catch(() => undefined);
		return result;
	}

	/** Lets go of the stream (the transfer ended or stopped). */
	close(): void {
		const reader = this.#reader;
		this.#reader = null;
		this.#piece = new Uint8Array(0);
		reader?.cancel().catch(() => undefined);
	}

	async #read(start: number, end: number): Promise<Uint8Array> {
		if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && 0 <= start && start <= end && end <= this.#blob.size)) throw new RangeError('a read outside the file');
		if (this.#reader === null || start !== this.#at) {
			this.close();
			this.#reader = this.#blob.slice(start).stream().getReader();
			this.#at = start;
		}
		const reader = this.#reader;
		const length = end - start;
		// Nothing left of the last piece: the next one first, so that a chunk within it is a view.
		if (this.#piece.length === 0 && length > 0) await this.#pull(reader);
		if (this.#piece.length >= length) return this.#take(length);
		// Straddles pieces: gathered into one new buffer.
		const out = new Uint8Array(length);
		let filled = 0;
		for (;;) {
			const part = this.#take(Math.min(length - filled, this.#piece.length));
			out.set(part, filled);
			filled += part.length;
			if (filled === length) return out;
			await this.#pull(reader);
		}
	}

	/** The stream's next piece, or a rejection: the file ended, or the reader was closed meanwhile. */
	async #pull(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
		const { done, value } = await reader.read();
		// Closed while it waited (the transfer stopped): a newer stream is not this read's.
		if (this.#reader !== reader) throw new Error('the reader was closed');
		if (done) {
			this.close();
			throw new Error('the file ended before the chunk');
		}
		this.#piece = value;
	}

	/** The first `length` bytes of the current piece (a view, no copy). */
	#take(length: number): Uint8Array {
		const taken = this.#piece.subarray(0, length);
		this.#piece = this.#piece.subarray(length);
		this.#at += length;
		return taken;
	}
}
