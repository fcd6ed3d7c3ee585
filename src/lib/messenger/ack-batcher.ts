import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import { MAX_ACK_IDS } from '../protocol/limits';

export interface AckBatcherOptions {
	sendAck: (peer: PeerId, ids: MessageId[]) => void;
	/** Resolves once every write committed before the call is durable (db/durability.ts). */
	durable: () => Promise<void>;
	/** The barrier failed: the acks are dropped and the senders resend (their retry timer). */
	failed?: (error: unknown) => void;
}

/**
 * Acks go out only once what they acknowledge is DURABLY stored: an ack makes the sender show
 * "delivered" and stop resending, so a power cut after it must not lose the message. Stores
 * commit relaxed (fast, shown at once); acks gathered for one macrotask wait for ONE strict
 * barrier, and acks arriving while a barrier runs wait for the next: group commit, so a burst
 * costs a handful of syncs rather than one per message.
 */
/** What durable acks cost so far (the bench prints it): barriers run, and their time in ms. */
export interface DurabilityStats {
	barriers: number;
	ackedIds: number;
	totalMs: number;
	maxMs: number;
}

export class AckBatcher {
	readonly stats: DurabilityStats = { barriers: 0, ackedIds: 0, totalMs: 0, maxMs: 0 };
	#waiting = new Map<PeerId, MessageId[]>();
	#scheduled = false;
	#tail: Promise<void> = Promise.resolve();

	constructor(private readonly options: AckBatcherOptions) {}

	/** Call only after the row's store transaction has committed. */
	add(peer: PeerId, id: MessageId): void {
		let ids = this.#waiting.get(peer);
		if (!ids) this.#waiting.set(peer, (ids = []));
		ids.push(id);
		// Stryker disable next-line ConditionalExpression,BooleanLiteral: only saves timers; an extra flush finds nothing waiting and sends nothing.
		if (this.#scheduled) return;
		// Stryker disable next-line BooleanLiteral: as above.
		this.#scheduled = true;
		setTimeout(() => void this.flush(), 0);
	}

	/** Sends every ack gathered so far, after one barrier; resolves once they went out (or failed). */
	flush(): Promise<void> {
		this.#tail = this.#tail.then(() => this.#sendDurable());
		return this.#tail;
	}

	async #sendDurable(): Promise<void> {
		this.#scheduled = false;
		const batch = this.#waiting;
		if (batch.size === 0) return;
		this.#waiting = new Map();
		const started = performance.now();
		try {
			await this.options.durable();
		} catch (error) {
			this.options.failed?.(error);
			return;
		}
		const ms = performance.now() - started;
		this.stats.barriers += 1;
		this.stats.totalMs += ms;
		this.stats.maxMs = Math.max(this.stats.maxMs, ms);
		for (const [peer, ids] of batch) {
			this.stats.ackedIds += ids.length;
			for (let i = 0; i < ids.length; i += MAX_ACK_IDS) this.options.sendAck(peer, ids.slice(i, i + MAX_ACK_IDS));
		}
	}
}
