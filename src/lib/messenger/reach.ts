import type { ChatDb } from '../db/chat-db';
import { dialCandidates, hasPending } from '../db/queries';
import type { PeerId } from '../ids/peer-id';
import { MAX_DIALS_IN_FLIGHT, peersToDialOnConnect, retryDelayMs } from '../sync/reach-policy';
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
	/** Dial-on-connect peers not dialled yet, and those whose handshake it started. */
	#queued: PeerId[] = [];
	#dialing = new Set<PeerId>();
	#unsubscribe: () => void;

	constructor(
		private readonly db: ChatDb,
		private readonly connections: Connections
	) {
		this.#unsubscribe = connections.events.on('handshakeEnded', (peer, outbound) => {
			if (this.connections.isDialing(peer)) return;
			if (this.#dialing.delete(peer)) this.#pump();
			// My dial can end with no channel and no reason given (the callee reloaded mid-handshake,
			// or it timed out under load): a peer still owed messages is retried, or nobody dials it
			// again until one side's signalling comes back up. A failed inbound one is its dialler's.
			if (outbound && !this.connections.channel(peer)) this.owe(peer);
		});
	}

	pause(): void {
		this.#paused = true;
		this.#queued = [];
		this.#dialing.clear();
		for (const { timer } of this.#retries.values()) clearTimeout(timer);
		this.#retries.clear();
	}

	resume(): void {
		this.#paused = false;
	}

	/** Dials now if signalling is up, else as soon as it comes up. */
	want(peer: PeerId): void {
		if (this.#paused) return;
		// The user is waiting: a dial queued behind dial-on-connect goes now.
		this.#queued = this.#queued.filter((queued) => queued !== peer);
		if (!this.connections.ensure(peer)) this.#wanted.add(peer);
	}

	/** Dials what the user asked for at once, then contacts and owed peers a few at a time. */
	async dialOnConnect(): Promise<void> {
		if (this.#paused) return;
		const wanted = [...this.#wanted];
		this.#wanted.clear();
		for (const peer of wanted) {
			this.reached(peer);
			this.connections.ensure(peer);
		}
		const candidates = peersToDialOnConnect(await dialCandidates(this.db)) as PeerId[];
		if (this.#paused) return;
		this.#queued = [...new Set([...this.#queued, ...candidates])].filter((peer) => !wanted.includes(peer));
		this.#pump();
	}

	#pump(): void {
		while (!this.#paused && this.#dialing.size < MAX_DIALS_IN_FLIGHT && this.#queued.length > 0) {
			const peer = this.#queued.shift() as PeerId;
			this.reached(peer);
			this.connections.ensure(peer);
			if (this.connections.isDialing(peer)) this.#dialing.add(peer);
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
		this.#unsubscribe();
	}

	#schedule(peer: PeerId, attempt: number): void {
		const timer = setTimeout(() => void this.#retry(peer, attempt), retryDelayMs(attempt));
		this.#retries.set(peer, { timer, attempt });
	}

	async #retry(peer: PeerId, attempt: number): Promise<void> {
		this.#retries.delete(peer);
		if (this.#paused || this.connections.channel(peer)) return;
		if (!(await hasPending(this.db, peer))) return;
		// Still waiting its turn in dial-on-connect: the queue dials it, not the retry.
		if (!this.#queued.includes(peer)) this.connections.ensure(peer);
		this.#schedule(peer, attempt + 1);
	}
}
