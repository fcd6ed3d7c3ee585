import { randomBytes } from 'node:crypto';
import type { Presence, UsedTokens } from '../store/shared-state';
import type { BusMessage, ProcessBus, RELAYED_TYPES } from './bus';

/** What this process's signalling offers the link: its own registered sockets. */
export interface LocalPeers {
	/** Sends `frame` to the socket registered for `id` here; false if there is none. */
	deliver(id: string, frame: string): boolean;
	/** Ends `id`'s registration here, telling its socket a newer session took the id. */
	evict(id: string): void;
}

export type Settlement = 'go' | 'taken';

/**
 * How long other processes believe a registration after its last refresh: the longest a crashed
 * process's ids stay unreachable, and the longest a reconnect without a newer proof is refused.
 */
export const PRESENCE_TTL_MS = 30_000;

/** A relayed signalling message as the sender's process read it (type already checked). */
export interface Outgoing {
	readonly type: (typeof RELAYED_TYPES)[number];
	readonly dst: string;
	readonly payload: unknown;
}

/**
 * Joins this process's signalling to the others' through the shared store: which process holds
 * each id (presence, refreshed while held), messages for ids held elsewhere (the holder's
 * channel), and registrations that replace one held elsewhere (an eviction notice).
 *
 * Failures of the store only ever drop a message or refuse a registration (logged without ids
 * or content); peerjs clients retry both. Nothing here throws into a socket handler.
 */
export class ClusterLink {
	/** Names this process in presence records and its channel; new for every start. */
	readonly process = randomBytes(16).toString('hex');
	/** This process's registered ids, with their proof times (to write back a lost record). */
	readonly #held = new Map<string, number | null>();
	/** Per sender, so one peer's OFFER reaches the other process before its CANDIDATEs. */
	readonly #chains = new Map<string, Promise<void>>();
	#bus: ProcessBus | undefined;
	#peers: LocalPeers | undefined;
	readonly #timer: NodeJS.Timeout;

	constructor(
		private readonly presence: Presence,
		private readonly tokens: UsedTokens,
		private readonly log: (line: string) => void
	) {
		// Three refreshes per time to live: one lost refresh never drops a live id.
		this.#timer = setInterval(() => this.#refresh(), Math.max(50, Math.floor(presence.ttlMs / 3)));
		this.#timer.unref();
	}

	/** The channel other processes reach this one on. */
	attachBus(bus: ProcessBus): void {
		this.#bus = bus;
	}

	attachPeers(peers: LocalPeers): void {
		this.#peers = peers;
	}

	/**
	 * May a registration for `id` (proof time `ts`, null without proof) go ahead on this process?
	 * Throws when the store cannot say; the caller refuses the socket, and peerjs retries.
	 */
	async settle(id: string, ts: number | null): Promise<Settlement> {
		// One atomic step, so two processes admitting the same id at once cannot both win; and
		// recorded before the client hears OPEN, so a peer on another process calling it at once
		// already finds it here. Only the id's key holder can sign a newer proof, so taking the id
		// from another process cannot kick someone else.
		const claimed = await this.#logged('settle', this.presence.claim(id, { process: this.process, ts }));
		if (!claimed.ok) return 'taken';
		if (claimed.previous !== undefined && this.#bus) await this.#logged('evict', this.#bus.publish(claimed.previous, { kind: 'evict', id }));
		return 'go';
	}

	/** Whether a registration token opens its first socket across all processes; throws like settle. */
	firstUse(token: string, ttlMs: number): Promise<boolean> {
		return this.#logged('token', this.tokens.claimOnce(token, ttlMs));
	}

	/** A settled registration the peer package then refused (its server-wide limit). */
	abandoned(id: string): void {
		if (!this.#held.has(id)) this.presence.release(id, this.process).catch((error: unknown) => this.#fail('release', error));
	}

	registered(id: string, ts: number | null): void {
		this.#held.set(id, ts);
		// Usually settled already; a claim, not a plain write, so it never overwrites a newer
		// registration another process made meanwhile (whose eviction notice is then on its way).
		this.presence.claim(id, { process: this.process, ts }).catch((error: unknown) => this.#fail('hold', error));
	}

	unregistered(id: string): void {
		this.#held.delete(id);
		this.presence.release(id, this.process).catch((error: unknown) => this.#fail('release', error));
	}

	/** Forwards a message from `src` (registered here) for an id not registered here. */
	relay(src: string, message: Outgoing): void {
		const previous = this.#chains.get(src) ?? Promise.resolve();
		const next = previous.then(async () => {
			try {
				const holder = await this.presence.holder(message.dst);
				// Unknown ids are dropped, as for local ones: the server tells nobody who is offline.
				if (!holder || holder.process === this.process) return;
				await this.#bus?.publish(holder.process, { kind: 'relay', type: message.type, src, dst: message.dst, payload: message.payload });
			} catch (error) {
				this.#fail('relay', error);
			}
		});
		this.#chains.set(src, next);
		void next.then(() => {
			if (this.#chains.get(src) === next) this.#chains.delete(src);
		});
	}

	/** A message from another process, already parsed (see parseBusMessage). */
	receive(message: BusMessage): void {
		if (message.kind === 'evict') {
			this.#peers?.evict(message.id);
			return;
		}
		const { type, src, dst, payload } = message;
		this.#peers?.deliver(dst, JSON.stringify({ type, src, dst, payload }));
	}

	/** Drops this process's presence records (a restart must not leave ids pointing here). */
	async close(): Promise<void> {
		clearInterval(this.#timer);
		const held = [...this.#held.keys()];
		this.#held.clear();
		await Promise.allSettled(held.map((id) => this.presence.release(id, this.process)));
		await this.#bus?.close();
	}

	#refresh(): void {
		if (this.#held.size === 0) return;
		this.presence.refresh(this.process, new Map(this.#held)).catch((error: unknown) => this.#fail('refresh', error));
	}

	async #logged<T>(step: string, work: Promise<T>): Promise<T> {
		try {
			return await work;
		} catch (error) {
			this.#fail(step, error);
			throw error;
		}
	}

	#fail(step: string, error: unknown): void {
		this.log(JSON.stringify({ event: 'cluster-failure', step, detail: String((error as Error)?.message ?? error).slice(0, 120) }));
	}
}
