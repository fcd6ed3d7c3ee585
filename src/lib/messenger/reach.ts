import type { ChatDb } from '../db/chat-db';
import { dialCandidates, hasPending } from '../db/queries';
import type { PeerId } from '../ids/peer-id';
import { peersToDialOnConnect, retryDelayMs } from '../sync/reach-policy';
import type { Connections } from './connections';

/**
 * Makes sure pending messages find their recipient: dials contacts whenever signalling comes
 * up, and keeps retrying (with backoff) every peer we still owe messages to until a channel
 * to it is ready. Invisible mode pauses all of it.
 */
export class Reach {
	#retries = new Map<PeerId, { timer: ReturnType<typeof setTimeout>; attempt: number }>();
	#paused = false;
	/** Peers the user asked to reach while signalling was down (e.g. just added). */
	#wanted = new Set<PeerId>();

	constructor(
		private readonly db: ChatDb,
		private readonly connections: Connections
	) {}

	pause(): void {
		this.#paused = true;
		for (const { timer } of this.#retries.values()) clearTimeout(timer);
		this.#retries.clear();
	}

	resume(): void {
		this.#paused = false;
	}

	/** Dials now if signalling is up, else as soon as it comes up. */
	want(peer: PeerId): void {
		if (this.#paused) return;
		if (!this.connections.ensure(peer)) this.#wanted.add(peer);
	}

	async dialOnConnect(): Promise<void> {
		if (this.#paused) return;
		const wanted = [...this.#wanted];
		this.#wanted.clear();
		const peers = [...new Set([...wanted, ...(peersToDialOnConnect(await dialCandidates(this.db)) as PeerId[])])];
		for (const peer of peers) {
			this.reached(peer);
			this.connections.ensure(peer);
		}
	}

	/** Called when a peer could not be reached or a channel went down. */
	owe(peer: PeerId): void {
		if (this.#paused || this.#retries.has(peer) || this.connections.channel(peer)) return;
		this.#schedule(peer, 0);
	}

	reached(peer: PeerId): void {
		const entry = this.#retries.get(peer);
		if (entry) clearTimeout(entry.timer);
		this.#retries.delete(peer);
	}

	stop(): void {
		this.pause();
	}

	#schedule(peer: PeerId, attempt: number): void {
		const timer = setTimeout(() => void this.#retry(peer, attempt), retryDelayMs(attempt));
		this.#retries.set(peer, { timer, attempt });
	}

	async #retry(peer: PeerId, attempt: number): Promise<void> {
		this.#retries.delete(peer);
		if (this.#paused || this.connections.channel(peer)) return;
		if (!(await hasPending(this.db, peer))) return;
		this.connections.ensure(peer);
		this.#schedule(peer, attempt + 1);
	}
}
