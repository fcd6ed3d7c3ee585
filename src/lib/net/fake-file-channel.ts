import { MAX_CHUNK_FRAME_BYTES } from '../files/chunk-frame';
import { Emitter } from '../util/emitter';
import { FILE_CHANNEL_LOW_WATER_BYTES, type FileChannel, type FileChannelEvents } from './file-channel';

/**
 * The in-memory file channel of FakeLink: opens once both ends asked for it (like a negotiated
 * data channel), delivers in order a macrotask later, and counts what is in flight as buffered,
 * so backpressure behaves as on a real channel.
 */
export class FakeFileChannel implements FileChannel {
	partner: FakeFileChannel | null = null;
	#buffered = 0;
	#open = false;
	#closed = false;
	#oversized = 0;
	readonly #events = new Emitter<FileChannelEvents>();
	readonly #drains = new Set<() => void>();

	/** Joins two ends; both open on the next macrotask. */
	static pair(a: FakeFileChannel, b: FakeFileChannel): void {
		a.partner = b;
		b.partner = a;
		setTimeout(() => {
			a.#markOpen();
			b.#markOpen();
		}, 0);
	}

	get isOpen(): boolean {
		return this.#open && !this.#closed;
	}

	get bufferedAmount(): number {
		return this.#buffered;
	}

	get oversized(): number {
		return this.#oversized;
	}

	send(frame: Uint8Array<ArrayBuffer>): void {
		const partner = this.partner;
		if (!this.isOpen || partner === null) return;
		// Copied now, as a data channel does: the frame may be a view that the sender reuses.
		const copy = frame.slice();
		this.#buffered += copy.length;
		setTimeout(() => {
			this.#buffered -= copy.length;
			partner.#receive(copy);
			if (this.#buffered < FILE_CHANNEL_LOW_WATER_BYTES) for (const drain of [...this.#drains]) drain();
		}, 0);
	}

	onDrain(listener: () => void): () => void {
		this.#drains.add(listener);
		return () => this.#drains.delete(listener);
	}

	on<K extends keyof FileChannelEvents>(event: K, listener: (...args: FileChannelEvents[K]) => void): () => void {
		return this.#events.on(event, listener);
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#events.emit('close');
		const partner = this.partner;
		if (partner !== null) setTimeout(() => partner.close(), 0);
	}

	#markOpen(): void {
		if (this.#closed || this.#open) return;
		this.#open = true;
		this.#events.emit('open');
	}

	#receive(frame: Uint8Array): void {
		if (this.#closed) return;
		if (frame.length > MAX_CHUNK_FRAME_BYTES) {
			this.#oversized += 1;
			return;
		}
		this.#events.emit('message', frame);
	}
}
