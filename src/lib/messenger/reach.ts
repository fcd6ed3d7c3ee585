import type { ChatDb } from '../db/chat-db';
import { dialCandidates, hasPending } from '../db/queries';
import type { PeerId } from '../ids/peer-id';
import { DialPacer } from '../sync/dial-pacer';
import {
	BACKGROUND_DIAL_BURST,
	BACKGROUND_DIALS_PER_SECOND,
	MAX_DIALS_IN_FLIGHT,
	QUICK_RETRIES,
	QUICK_RETRY_WINDOW_MS,
	peersToDialOnConnect,
	peersToRetryQuickly,
	retryDelayMs
} from '../sync/reach-policy';
import type { Connections } from './connections';

export interface ReachOptions {
	/** A wall clock for the dial pacer; tests pass a fake one. */
	now?: () => number;
}

/**
 * Makes sure pending messages find their recipient: dials contacts whenever signalling comes
 * up, and keeps retrying (with backoff) every peer we still owe messages to until a channel
 * to it is ready. Invisible mode pauses all of it. Background dials are paced (DialPacer).
 */
export class Reach {
	#retries = new Map<PeerId, { timer: ReturnType<typeof setTimeout>; attempt: number }>();
	#paused = false;
	/** Peers the user asked to reach while signalling was down (e.g. just added). */
	#wanted = new Set<PeerId>();
	/** Dial-on-connect peers not dialled yet, and those whose handshake it started. */
	#queued: PeerId[] = [];
	#dialing = new Set<PeerId>();
	/** Contacts a wake-up dialled whom we owe nothing: retries left, and when they were given. */
	#quick = new Map<PeerId, { left: number; since: number }>();
	#pacer: DialPacer;
	#pumpTimer: ReturnType<typeof setTimeout> | null = null;
	#now: () => number;
	#unsubscribe: () => void;

	constructor(
		private readonly db: ChatDb,
		private readonly connections: Connections,
		options: ReachOptions = {}
	) {
		this.#now = options.now ?? Date.now;
		this.#pacer = new DialPacer(this.#now, BACKGROUND_DIALS_PER_SECOND, BACKGROUND_DIAL_BURST);
		this.#unsubscribe = connections.events.on('handshakeEnded', (peer, outbound) => this.#handshakeEnded(peer, outbound));
	}

	pause(): void {
		this.#paused = true;
		this.#queued = [];
		this.#dialing.clear();
		this.#quick.clear();
		for (const { timer } of this.#retries.values()) clearTimeout(timer);
		this.#retries.clear();
		if (this.#pumpTimer) clearTimeout(this.#pumpTimer);
		this.#pumpTimer = null;
	}

	resume(): void {
		this.#paused = false;
	}

	/**
	 * Dials now if signalling is up, else as soon as it comes up. The user is waiting (a contact
	 * just added, a chat opened): a failed dial is retried on the first backoff steps even when
	 * nothing is owed, or the chat would say "offline" until one side writes or comes back.
	 */
	want(peer: PeerId): void {
		if (this.#paused) return;
		// A dial queued behind dial-on-connect goes now, and retries start again from the first step.
		this.#queued = this.#queued.filter((queued) => queued !== peer);
		this.#cancelRetry(peer);
		this.#giveQuick(peer);
		if (!this.connections.ensure(peer)) this.#wanted.add(peer);
	}

	/** Dials what the user asked for at once, then contacts and owed peers a few at a time. */
	async dialOnConnect(): Promise<void> {
		if (this.#paused) return;
		const wanted = [...this.#wanted];
		this.#wanted.clear();
		for (const peer of wanted) {
			this.#cancelRetry(peer);
			this.#giveQuick(peer);
			this.connections.ensure(peer);
		}
		const found = await dialCandidates(this.db);
		if (this.#paused) return;
		const since = this.#now();
		for (const peer of peersToRetryQuickly(found) as PeerId[]) {
			const given = this.#quick.get(peer);
			if (!given || since - given.since >= QUICK_RETRY_WINDOW_MS) this.#quick.set(peer, { left: QUICK_RETRIES, since });
		}
		const candidates = peersToDialOnConnect(found) as PeerId[];
		this.#queued = [...new Set([...this.#queued, ...candidates])].filter((peer) => !wanted.includes(peer));
		this.#pump();
	}

	/**
	 * Background dials from elsewhere (my groups' members once signalling is up) join the same
	 * queue: paced and bounded in flight like dial-on-connect's, never a storm of handshakes.
	 */
	queueDials(peers: readonly PeerId[]): void {
		if (this.#paused) return;
		const fresh = peers.filter((peer) => !this.connections.channel(peer));
		this.#queued = [...new Set([...this.#queued, ...fresh])];
		this.#pump();
	}

	#pump(): void {
		while (!this.#paused && this.#dialing.size < MAX_DIALS_IN_FLIGHT && this.#queued.length > 0) {
			const wait = this.#pacer.take();
			if (wait > 0) {
				this.#pumpTimer ??= setTimeout(() => {
					this.#pumpTimer = null;
					this.#pump();
				}, wait);
				return;
			}
			const peer = this.#queued.shift() as PeerId;
			this.#cancelRetry(peer);
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
		this.#cancelRetry(peer);
		this.#quick.delete(peer);
	}

	stop(): void {
		this.pause();
		this.#unsubscribe();
	}

	#handshakeEnded(peer: PeerId, outbound: boolean): void {
		// The peer knocked, so it is registered right now: a retry toward it waiting at a late
		// backoff step goes at the first one, even while a dial of mine (perhaps sent before it
		// came back, so never answered) is still under way. A knock costs a peer we owe nothing
		// no read: only a retry already scheduled moves.
		if (!outbound && !this.connections.channel(peer)) this.#restart(peer);
		if (this.connections.isDialing(peer)) return;
		if (this.#dialing.delete(peer)) this.#pump();
		// My dial can end with no channel and no reason given (the callee reloaded mid-handshake,
		// or it timed out under load): a peer still owed messages is retried, or nobody dials it
		// again until one side's signalling comes back up. A failed inbound one is its dialler's.
		if (outbound && !this.connections.channel(peer)) this.owe(peer);
	}

	#restart(peer: PeerId): void {
		const entry = this.#retries.get(peer);
		if (!entry || entry.attempt === 0) return;
		this.#schedule(peer, 0);
	}

	#cancelRetry(peer: PeerId): void {
		const entry = this.#retries.get(peer);
		if (entry) clearTimeout(entry.timer);
		this.#retries.delete(peer);
	}

	#schedule(peer: PeerId, attempt: number, delayMs = retryDelayMs(attempt)): void {
		this.#cancelRetry(peer);
		const timer = setTimeout(() => void this.#retry(peer, attempt), delayMs);
		this.#retries.set(peer, { timer, attempt });
	}

	#giveQuick(peer: PeerId): void {
		this.#quick.set(peer, { left: QUICK_RETRIES, since: this.#now() });
	}

	/** Spends one quick retry; false when the peer has none left. */
	#spendQuick(peer: PeerId): boolean {
		const quick = this.#quick.get(peer);
		if (!quick || quick.left <= 0) return false;
		quick.left -= 1;
		return true;
	}

	async #retry(peer: PeerId, attempt: number): Promise<void> {
		this.#retries.delete(peer);
		if (this.#paused || this.connections.channel(peer)) return;
		// A handshake with it is under way, or dial-on-connect has it queued: that dial comes
		// first, and the attempt counts only once one of ours starts.
		if (this.connections.isDialing(peer) || this.#queued.includes(peer)) {
			this.#schedule(peer, attempt);
			return;
		}
		const quick = (this.#quick.get(peer)?.left ?? 0) > 0;
		if (!quick && !(await hasPending(this.db, peer))) return;
		if (this.#paused || this.#retries.has(peer) || this.connections.channel(peer)) return;
		const wait = this.#pacer.take();
		if (wait > 0) {
			this.#schedule(peer, attempt, wait);
			return;
		}
		this.#spendQuick(peer);
		this.connections.ensure(peer);
		this.#schedule(peer, attempt + 1);
	}
}
