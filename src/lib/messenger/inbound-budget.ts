import type { PeerId } from '../ids/peer-id';

/**
 * Per-peer frame and byte budgets (token buckets). An honest outbox flush is paced by the
 * sender's send window (Outbox: at most SEND_WINDOW_FRAMES unacked frames), so its bursts stay
 * well inside the frame budget; the byte budget is what bounds the CPU a peer can spend on
 * decryption and decoding (a full window of 8,000-character messages is ~8-24 MiB).
 */
export const INBOUND_FRAMES_PER_SECOND = 4_096;
export const INBOUND_FRAME_BURST = 8_192;
export const INBOUND_BYTES_PER_SECOND = 16 * 1024 * 1024;
export const INBOUND_BYTE_BURST = 32 * 1024 * 1024;
/**
 * Strangers (admitted, not in the address book) get far less: a message request needs a few
 * frames (its quota is REQUEST_MAX_MESSAGES), so a stranger cannot make us spend a contact's
 * budget of CPU on decryption. Handler refusals count as strikes for them too (Connections).
 */
export const STRANGER_FRAMES_PER_SECOND = 64;
export const STRANGER_FRAME_BURST = 256;
export const STRANGER_BYTES_PER_SECOND = 256 * 1024;
export const STRANGER_BYTE_BURST = 1024 * 1024;
/** More rejected frames than this from one authenticated peer within the window is hostile. */
export const MAX_REJECTED_FRAMES = 16;
export const REJECT_WINDOW_MS = 60_000;
/** How long a penalized peer's links are closed and its handshakes refused. */
export const PENALTY_MS = 5 * 60_000;
/**
 * Peers tracked at once; the least recently seen is forgotten first. Accounts outlive links, so a
 * reconnect does not refill a peer's budget.
 */
const MAX_TRACKED_PEERS = 1_024;

export interface BudgetLimits {
	framesPerSecond: number;
	frameBurst: number;
	bytesPerSecond: number;
	byteBurst: number;
	maxRejectedFrames: number;
}

export const DEFAULT_BUDGET_LIMITS: Readonly<BudgetLimits> = {
	framesPerSecond: INBOUND_FRAMES_PER_SECOND,
	frameBurst: INBOUND_FRAME_BURST,
	bytesPerSecond: INBOUND_BYTES_PER_SECOND,
	byteBurst: INBOUND_BYTE_BURST,
	maxRejectedFrames: MAX_REJECTED_FRAMES
};

export const STRANGER_BUDGET_LIMITS: Readonly<BudgetLimits> = {
	framesPerSecond: STRANGER_FRAMES_PER_SECOND,
	frameBurst: STRANGER_FRAME_BURST,
	bytesPerSecond: STRANGER_BYTES_PER_SECOND,
	byteBurst: STRANGER_BYTE_BURST,
	maxRejectedFrames: MAX_REJECTED_FRAMES
};

class TokenBucket {
	#tokens: number;
	#at: number;

	constructor(
		private readonly perSecond: number,
		private readonly burst: number,
		now: number
	) {
		this.#tokens = burst;
		this.#at = now;
	}

	take(amount: number, now: number): boolean {
		const elapsed = Math.max(0, now - this.#at);
		this.#tokens = Math.min(this.burst, this.#tokens + (elapsed * this.perSecond) / 1000);
		this.#at = now;
		if (this.#tokens < amount) return false;
		this.#tokens -= amount;
		return true;
	}
}

interface PeerAccount {
	stranger: boolean;
	frames: TokenBucket;
	bytes: TokenBucket;
	rejects: number[];
}

export class InboundBudget {
	#accounts = new Map<PeerId, PeerAccount>();
	#penalties = new Map<PeerId, number>();

	/**
	 * `override`: one set of limits for contacts and strangers alike, for tests that must feed one
	 * peer without end (fuzzing); otherwise contacts get the defaults and strangers far less.
	 */
	constructor(
		private readonly now: () => number,
		private readonly override?: Readonly<BudgetLimits>
	) {}

	/** Charges inbound frames (one wire message, or the rest of a pack); false means the peer is over its budget. */
	admit(peer: PeerId, bytes: number, stranger = false, frames = 1): boolean {
		const now = this.now();
		const account = this.#account(peer, now, stranger);
		return account.frames.take(frames, now) && account.bytes.take(bytes, now);
	}

	/** Counts a rejected frame; true when this one pushed the peer over the limit. */
	strike(peer: PeerId, stranger = false): boolean {
		const now = this.now();
		const account = this.#account(peer, now, stranger);
		account.rejects = account.rejects.filter((at) => now - at < REJECT_WINDOW_MS);
		account.rejects.push(now);
		if (account.rejects.length <= this.#limits(stranger).maxRejectedFrames) return false;
		this.penalize(peer);
		return true;
	}

	penalize(peer: PeerId): void {
		this.#penalties.delete(peer);
		this.#penalties.set(peer, this.now() + PENALTY_MS);
		if (this.#penalties.size > MAX_TRACKED_PEERS) this.#penalties.delete(this.#penalties.keys().next().value as PeerId);
		this.#accounts.get(peer)?.rejects.splice(0);
	}

	isPenalized(peer: PeerId): boolean {
		const until = this.#penalties.get(peer);
		if (until === undefined) return false;
		if (this.now() < until) return true;
		this.#penalties.delete(peer);
		return false;
	}

	#limits(stranger: boolean): Readonly<BudgetLimits> {
		return this.override ?? (stranger ? STRANGER_BUDGET_LIMITS : DEFAULT_BUDGET_LIMITS);
	}

	#account(peer: PeerId, now: number, stranger: boolean): PeerAccount {
		let account = this.#accounts.get(peer);
		// A peer whose class changed (a request accepted, a contact set aside) starts afresh in its new class.
		if (account && account.stranger === stranger) {
			this.#accounts.delete(peer);
			this.#accounts.set(peer, account);
		} else {
			const limits = this.#limits(stranger);
			account = {
				stranger,
				frames: new TokenBucket(limits.framesPerSecond, limits.frameBurst, now),
				bytes: new TokenBucket(limits.bytesPerSecond, limits.byteBurst, now),
				rejects: account?.rejects ?? []
			};
			this.#accounts.delete(peer);
			this.#accounts.set(peer, account);
			if (this.#accounts.size > MAX_TRACKED_PEERS) this.#accounts.delete(this.#accounts.keys().next().value as PeerId);
		}
		return account;
	}
}
