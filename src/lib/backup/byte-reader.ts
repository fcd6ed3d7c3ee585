/**
 * Exact-length reads over a stream of byte arrays of any sizes (a File's stream, a data
 * channel later), holding at most one partly used input array besides the bytes asked for.
 */
export class ByteReader {
	private readonly source: AsyncIterator<Uint8Array>;
	private head: Uint8Array = new Uint8Array(0);
	private done = false;
	/** Bytes handed out so far. */
	consumed = 0;

	constructor(source: AsyncIterable<Uint8Array>) {
		this.source = source[Symbol.asyncIterator]();
	}

	/** `length` bytes, or fewer only where the input ended (an empty array: it had ended before). */
	async read(length: number): Promise<Uint8Array> {
		const out = new Uint8Array(length);
		let filled = 0;
		while (filled < length) {
			if (this.head.length === 0) {
				if (this.done) break;
				const next = await this.source.next();
				if (next.done) {
					this.done = true;
					break;
				}
				this.head = next.value;
				continue;
			}
			const take = Math.min(length - filled, this.head.length);
			out.set(this.head.subarray(0, take), filled);
			this.head = this.head.subarray(take);
			filled += take;
		}
		this.consumed += filled;
		return filled === length ? out : out.subarray(0, filled);
	}

	/** Whether the input has nothing more (reads ahead by one array at most). */
	async atEnd(): Promise<boolean> {
		while (this.head.length === 0 && !this.done) {
			const next = await this.source.next();
			if (next.done) this.done = true;
			else this.head = next.value;
		}
		return this.head.length === 0;
	}
}
