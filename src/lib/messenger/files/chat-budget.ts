import type { PeerId } from '../../ids/peer-id';
import { CHUNK_BYTES } from '../../files/file-limits';
import type { AppFrame } from '../../protocol/frames';

/** A chat message to or from a peer this recent makes files to that peer give way (ms). */
export const CHAT_RECENT_MS = 2_000;
/** How fast a file goes to a peer while chat with them is recent (bytes per second). */
export const CHAT_FILE_BYTES_PER_SECOND = 4 * 1024 * 1024;
/** What may go at once, however long the file waited: one chunk frame. */
export const CHAT_BURST_BYTES = CHUNK_BYTES + 1024;

/**
 * What a person writes, in a chat or a group: the frames chat's right of way is for. A message
 * that announces a file is not: its transfer would start paced.
 */
export function isChatFrame(frame: AppFrame): boolean {
	if (frame.t === 'msg' || frame.t === 'gmsg') return frame.body.kind !== 'file';
	return frame.t === 'edit' || frame.t === 'delete';
}

/** A token bucket: bytes that may go now, as of `at`. */
interface Pace {
	tokens: number;
	at: number;
}

/**
 * Chat has right of way over files (issue 12: a message typed during a transfer arrives within
 * the latency budget). A file channel fed at full speed fills the queues a chat message then
 * waits in: the SCTP association's and both network threads', which the sender cannot see
 * (`bufferedAmount` counts only what the browser has not handed on). A smaller buffered window
 * did not help (BENCHMARKS "Files (session 11)"); keeping the file's rate under what the link
 * carries keeps those queues short. So while chat with a peer is recent, files to that peer
 * are paced to CHAT_FILE_BYTES_PER_SECOND; without chat they go as fast as the channel takes.
 */
export class ChatBudget {
	readonly #now: () => number;
	readonly #bytesPerSecond: number;
	readonly #lastChat = new Map<PeerId, number>();
	readonly #paces = new Map<PeerId, Pace>();

	constructor(now: () => number, bytesPerSecond = CHAT_FILE_BYTES_PER_SECOND) {
		this.#now = now;
		this.#bytesPerSecond = bytesPerSecond;
	}

	/** A chat message went to or came from `peer`. */
	noteChat(peer: PeerId): void {
		this.#lastChat.set(peer, this.#now());
	}

	/** Whether chat with `peer` is recent enough for files to give way. */
	chatting(peer: PeerId): boolean {
		const last = this.#lastChat.get(peer);
		if (last !== undefined && this.#now() - last < CHAT_RECENT_MS) return true;
		this.#lastChat.delete(peer);
		this.#paces.delete(peer);
		return false;
	}

	/** Ms before `bytes` (at most CHAT_BURST_BYTES) more of a file may go to `peer`: 0 at once. */
	waitMs(peer: PeerId, bytes: number): number {
		if (!this.chatting(peer)) return 0;
		const pace = this.#refill(peer);
		return pace.tokens >= bytes ? 0 : Math.ceil(((bytes - pace.tokens) / this.#bytesPerSecond) * 1000);
	}

	/** `bytes` of a file went to `peer`. */
	spent(peer: PeerId, bytes: number): void {
		if (this.chatting(peer)) this.#refill(peer).tokens -= bytes;
	}

	/** The bucket fills at the paced rate and holds one burst at most: a pause earns no flood after it. */
	#refill(peer: PeerId): Pace {
		const now = this.#now();
		const pace = this.#paces.get(peer) ?? { tokens: CHAT_BURST_BYTES, at: now };
		pace.tokens = Math.min(CHAT_BURST_BYTES, pace.tokens + (this.#bytesPerSecond * (now - pace.at)) / 1000);
		pace.at = now;
		this.#paces.set(peer, pace);
		return pace;
	}
}
