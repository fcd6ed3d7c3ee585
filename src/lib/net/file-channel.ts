import { MAX_CHUNK_FRAME_BYTES } from '../files/chunk-frame';
import { Emitter } from '../util/emitter';

export type FileChannelEvents = {
	open: [];
	/** A frame no larger than a chunk frame (bigger ones are dropped and counted). */
	message: [frame: Uint8Array];
	close: [];
};

/**
 * The file channel beside a link's message channel (PROTOCOL §13c): binary frames, reliable and
 * ordered, with the data channel's own buffer level so the sender can hold back.
 */
export interface FileChannel {
	readonly isOpen: boolean;
	readonly bufferedAmount: number;
	/** Frames refused for their size so far. */
	readonly oversized: number;
	/**
	 * Queues the frame. It copies the bytes before it returns (RTCDataChannel.send does): the
	 * sender lends it a view of libsodium's memory, or of its one frame buffer, that the next
	 * chunk overwrites.
	 */
	send(frame: Uint8Array<ArrayBuffer>): void;
	/** Calls `listener` each time the buffer falls under the low-water mark, until unsubscribed. */
	onDrain(listener: () => void): () => void;
	on<K extends keyof FileChannelEvents>(event: K, listener: (...args: FileChannelEvents[K]) => void): () => void;
	close(): void;
}

/** The buffer level under which a held-back sender is woken. */
export const FILE_CHANNEL_LOW_WATER_BYTES = 64 * 1024;

/**
 * A negotiated RTCDataChannel on the link's own RTCPeerConnection. Riding the same DTLS
 * association as the message channel, it reaches exactly the endpoint the session handshake
 * authenticated; as its own SCTP stream, a file never queues in front of a chat message.
 */
export class RtcFileChannel implements FileChannel {
	readonly #channel: RTCDataChannel;
	readonly #events = new Emitter<FileChannelEvents>();
	readonly #drains = new Set<() => void>();
	#oversized = 0;

	/**
	 * `stream`: the id both ends give it (files/file-stream.ts). A negotiated channel (each side
	 * creates it with this id, nothing is announced in-band), so PeerJS, which handles the peer
	 * connection's announced channels, never sees it.
	 */
	constructor(connection: RTCPeerConnection, stream: number) {
		this.#channel = connection.createDataChannel('parley-file', { negotiated: true, id: stream, ordered: true });
		this.#channel.binaryType = 'arraybuffer';
		this.#channel.bufferedAmountLowThreshold = FILE_CHANNEL_LOW_WATER_BYTES;
		this.#channel.addEventListener('open', () => this.#events.emit('open'));
		this.#channel.addEventListener('close', () => this.#events.emit('close'));
		this.#channel.addEventListener('bufferedamountlow', () => {
			for (const drain of [...this.#drains]) drain();
		});
		this.#channel.addEventListener('message', (event: MessageEvent<unknown>) => {
			const data = event.data;
			if (!(data instanceof ArrayBuffer) || data.byteLength > MAX_CHUNK_FRAME_BYTES) {
				this.#oversized += 1;
				return;
			}
			this.#events.emit('message', new Uint8Array(data));
		});
	}

	get isOpen(): boolean {
		return this.#channel.readyState === 'open';
	}

	get bufferedAmount(): number {
		return this.#channel.bufferedAmount;
	}

	get oversized(): number {
		return this.#oversized;
	}

	send(frame: Uint8Array<ArrayBuffer>): void {
		if (this.isOpen) this.#channel.send(frame);
	}

	onDrain(listener: () => void): () => void {
		this.#drains.add(listener);
		return () => this.#drains.delete(listener);
	}

	on<K extends keyof FileChannelEvents>(event: K, listener: (...args: FileChannelEvents[K]) => void): () => void {
		return this.#events.on(event, listener);
	}

	close(): void {
		this.#channel.close();
	}
}
