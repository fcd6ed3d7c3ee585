/**
 * Bytes read from a file's Blob at once while serving it: 4 MiB, 64 chunks. Each read (a
 * `Blob.slice` and its `arrayBuffer`) costs the sender's thread ~1–2 ms whatever its size.
 */
export const READ_SLICE_BYTES = 4 * 1024 * 1024;

interface Slice {
	start: number;
	bytes: Promise<Uint8Array>;
}

/**
 * Reads a Blob for serving it chunk by chunk: a slice of several chunks at a time, the next
 * slice asked for while this one is sent. Each Blob read is a round trip to the browser's blob
 * store (and, for a stored file, the disk); one per 64 KiB chunk let the channel run dry
 * between reads. At most two slices are held, so a file of any size costs 8 MiB here.
 */
export class BlobSlices {
	readonly #blob: Blob;
	#current: Slice | null = null;
	#ahead: Slice | null = null;

	constructor(blob: Blob) {
		this.#blob = blob;
	}

	/** Bytes [start, end) of the Blob; `end - start` is at most READ_SLICE_BYTES. */
	async read(start: number, end: number): Promise<Uint8Array> {
		const slice = this.#sliceAt(start);
		const bytes = await slice.bytes;
		const sliceEnd = slice.start + READ_SLICE_BYTES;
		// Sequential serving: start reading what follows now, so it is there when this is sent.
		if (this.#ahead?.start !== sliceEnd && sliceEnd < this.#blob.size) this.#ahead = this.#load(sliceEnd);
		if (end <= slice.start + bytes.length) return bytes.subarray(start - slice.start, end - slice.start);
		// A chunk across a slice's end (not with slices a whole number of chunks): read it alone.
		return new Uint8Array(await this.#blob.slice(start, end).arrayBuffer());
	}

	#sliceAt(start: number): Slice {
		const holds = (slice: Slice | null): slice is Slice => slice !== null && slice.start <= start && start < slice.start + READ_SLICE_BYTES;
		if (holds(this.#current)) return this.#current;
		if (holds(this.#ahead)) {
			this.#current = this.#ahead;
			this.#ahead = null;
			return this.#current;
		}
		this.#current = this.#load(start);
		return this.#current;
	}

	#load(start: number): Slice {
		const bytes = this.#blob
			.slice(start, start + READ_SLICE_BYTES)
			.arrayBuffer()
			.then((buffer) => new Uint8Array(buffer));
		// A failed read ahead surfaces when (if) the slice is used, not as an unhandled rejection.
		bytes.catch(() => undefined);
		return { start, bytes };
	}
}
