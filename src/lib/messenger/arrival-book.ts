import type { StoreResult } from '../db/queries';
import type { ReceivedRow } from '../db/schema';
import type { PeerId } from '../ids/peer-id';

/**
 * Which incoming messages may be shown before their write commits (db.previews): those from a
 * contact whose sequence numbers are above every one stored from them in this run, in rising
 * order. A repeat of a stored message (a resend whose ack was lost) carries an older number, so
 * it is never shown twice; nothing from a contact is refused, so what is shown is stored unless
 * storage itself fails, and then it is withdrawn. Until one of a peer's messages has been stored
 * in this run nothing of theirs is shown early. A peer that lies about numbers only makes its own
 * messages blink in its own conversation (shown, then withdrawn when the store says repeat).
 */
export class ArrivalBook {
	#newestSeq = new Map<PeerId, number>();

	constructor(private readonly isContact: (peer: PeerId) => boolean) {}

	/** The rows, in order, that can be shown now (a prefix of rising new numbers). */
	fresh(peer: PeerId, rows: readonly ReceivedRow[]): ReceivedRow[] {
		let newest = this.#newestSeq.get(peer);
		if (newest === undefined || !this.isContact(peer)) return [];
		const shown: ReceivedRow[] = [];
		for (const row of rows) {
			if (row.seq <= newest) break;
			shown.push(row);
			newest = row.seq;
		}
		return shown;
	}

	/** What the store said: numbers stored now or before are behind us. */
	stored(peer: PeerId, rows: readonly ReceivedRow[], results: readonly StoreResult[]): void {
		// Only contacts are ever shown early, so only they are remembered: strangers cannot grow this.
		if (!this.isContact(peer)) return;
		let newest = this.#newestSeq.get(peer) ?? 0;
		let known = this.#newestSeq.has(peer);
		rows.forEach((row, i) => {
			if (results[i] !== 'stored' && results[i] !== 'duplicate') return;
			newest = Math.max(newest, row.seq);
			known = true;
		});
		if (known) this.#newestSeq.set(peer, newest);
	}

	forget(peer: PeerId): void {
		this.#newestSeq.delete(peer);
	}
}
