import type { DataConnection } from 'peerjs';
import { Emitter } from '../util/emitter';
import { RtcFileChannel, type FileChannel } from './file-channel';
import type { Link, LinkEvents } from './transport';

/**
 * A dial that has not opened by then is given up. The PeerServer no longer says whether an id
 * is online (that was a presence oracle, see docs/PROTOCOL.md §2), so for a dial this timeout
 * is how "unreachable" is learnt. It is shorter than the handshake timeout in connections.ts
 * so that a dial that never opens is reported as unreachable rather than as a failed handshake.
 */
export const DIAL_TIMEOUT_MS = 8_000;

/** One PeerJS data connection as a Link; closing it closes the RTCPeerConnection under it. */
export class PeerJsLink implements Link {
	#events = new Emitter<LinkEvents>();
	#open = false;
	#closed = false;
	/** The file channels made so far, by stream (one in use; files/file-stream.ts). */
	readonly #files = new Map<number, FileChannel>();

	/** `gaveUp` runs when the attempt timed out before the channel opened. */
	constructor(
		private readonly connection: DataConnection | null,
		readonly peer: string,
		readonly outbound: boolean,
		gaveUp: () => void = () => {}
	) {
		if (!connection) return;
		const timer = setTimeout(() => {
			if (this.#closed) return;
			this.close();
			gaveUp();
		}, DIAL_TIMEOUT_MS);
		connection.on('open', () => {
			clearTimeout(timer);
			this.#open = true;
			this.#events.emit('open');
		});
		connection.on('data', (data) => this.#events.emit('data', data));
		connection.on('close', () => {
			clearTimeout(timer);
			this.close();
		});
		connection.on('error', () => this.close());
		this.#events.on('close', () => clearTimeout(timer));
	}

	get connectionId(): string | null {
		return this.connection?.connectionId ?? null;
	}

	get isOpen(): boolean {
		return this.#open && !this.#closed;
	}

	send(bytes: Uint8Array): void {
		if (this.isOpen) void this.connection?.send(bytes);
	}

	fileChannel(stream: number): FileChannel | null {
		if (!this.isOpen) return null;
		const made = this.#files.get(stream);
		if (made !== undefined) return made;
		const connection = this.connection?.peerConnection;
		if (connection === undefined || connection === null) return null;
		const channel = new RtcFileChannel(connection, stream);
		this.#files.set(stream, channel);
		return channel;
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		for (const channel of this.#files.values()) channel.close();
		// DataConnection.close() runs the negotiator's cleanup, which closes the RTCPeerConnection
		// and drops PeerJS's reference to it, even when the channel never opened.
		this.connection?.close();
		this.#events.emit('close');
	}

	on<K extends keyof LinkEvents>(event: K, listener: (...args: LinkEvents[K]) => void): () => void {
		return this.#events.on(event, listener);
	}
}
