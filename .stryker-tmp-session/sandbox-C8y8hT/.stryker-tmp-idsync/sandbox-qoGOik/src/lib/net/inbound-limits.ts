/**
 * How many incoming connection attempts we let PeerJS turn into RTCPeerConnections. Every
 * admitted OFFER costs one, and Chromium refuses to create more than ~500 per page until the
 * closed ones are garbage collected ("Cannot create so many PeerConnections"): a flood of
 * OFFERs from throwaway ids used to cut the user off from everyone for ~30 s. So strangers
 * get a small, slowly refilled budget and a cap on live links, contacts are never counted
 * against strangers, and a contact may push out a stranger's half-open attempt.
 */
// @ts-nocheck

// 


/** Half-open attempts one id may have at once (a reconnect racing the old attempt). */
export const MAX_PENDING_PER_PEER = 2;
/** Half-open inbound attempts in total, contacts and strangers together. */
export const MAX_PENDING_TOTAL = 24;
/** Stranger links alive at once, half-open or open (message requests are rare and short). */
export const MAX_STRANGER_LINKS = 16;
/** New stranger attempts allowed in a burst, then one per refill interval. */
export const STRANGER_BURST = 16;
export const STRANGER_REFILL_MS = 2_000;

export type InboundKind = 'contact' | 'stranger';

export type InboundVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

interface Attempt {
	readonly peer: string;
	readonly kind: InboundKind;
	readonly since: number;
	pending: boolean;
	close?: () => void;
}

export class InboundLimits {
	readonly #attempts = new Map<string, Attempt>();
	#tokens = STRANGER_BURST;
	#refilledAt: number;

	constructor(private readonly now: () => number = Date.now) {
		this.#refilledAt = now();
	}

	/** Reserves a slot for a new attempt, pushing out a stranger for a contact if it must. */
	admit(peer: string, kind: InboundKind, connectionId: string): InboundVerdict {
		if (this.#attempts.has(connectionId)) return { ok: false, reason: 'duplicate connection id' };
		const attempts = [...this.#attempts.values()];
		if (attempts.filter((a) => a.peer === peer && a.pending).length >= MAX_PENDING_PER_PEER) {
			return { ok: false, reason: 'too many attempts from this id' };
		}
		if (kind === 'stranger') {
			if (attempts.filter((a) => a.kind === 'stranger').length >= MAX_STRANGER_LINKS) return { ok: false, reason: 'too many stranger links' };
			this.#refill();
			if (this.#tokens < 1) return { ok: false, reason: 'stranger budget spent' };
		}
		if (attempts.filter((a) => a.pending).length >= MAX_PENDING_TOTAL) {
			const victim = kind === 'contact' ? this.#oldestPendingStranger() : undefined;
			if (!victim) return { ok: false, reason: 'too many attempts' };
			this.#evict(victim);
		}
		if (kind === 'stranger') this.#tokens -= 1;
		this.#attempts.set(connectionId, { peer, kind, since: this.now(), pending: true });
		return { ok: true };
	}

	/** How to end the attempt if it has to make room (closing it releases the RTCPeerConnection). */
	attach(connectionId: string, close: () => void): void {
		const attempt = this.#attempts.get(connectionId);
		if (attempt) attempt.close = close;
	}

	/** The data channel opened: no longer half-open (a stranger still counts as a live link). */
	opened(connectionId: string): void {
		const attempt = this.#attempts.get(connectionId);
		if (attempt) attempt.pending = false;
	}

	closed(connectionId: string): void {
		this.#attempts.delete(connectionId);
	}

	counts(): { pending: number; strangers: number } {
		const attempts = [...this.#attempts.values()];
		return { pending: attempts.filter((a) => a.pending).length, strangers: attempts.filter((a) => a.kind === 'stranger').length };
	}

	#oldestPendingStranger(): string | undefined {
		let oldest: [string, Attempt] | undefined;
		for (const entry of this.#attempts) {
			const attempt = entry[1];
			if (attempt.kind === 'stranger' && attempt.pending && (!oldest || attempt.since < oldest[1].since)) oldest = entry;
		}
		return oldest?.[0];
	}

	#evict(connectionId: string): void {
		const attempt = this.#attempts.get(connectionId);
		this.#attempts.delete(connectionId);
		attempt?.close?.();
	}

	#refill(): void {
		const now = this.now();
		const earned = Math.floor((now - this.#refilledAt) / STRANGER_REFILL_MS);
		if (earned <= 0) return;
		this.#tokens = Math.min(STRANGER_BURST, this.#tokens + earned);
		this.#refilledAt += earned * STRANGER_REFILL_MS;
	}
}
