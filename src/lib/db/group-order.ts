import type { ChatDb } from './chat-db';
import { OVERTAKE_WINDOW_MS } from './inbound-rules';
import type { ReceivedRow } from './schema';

/** Below a held later message and no earlier one held: this far back per seq between them. */
const BACK_PER_SEQ_MS = 1;

/**
 * Gives a group message a local time that keeps its author's order in a thread ordered by time.
 * A group message can reach us from its author and from every member relaying it (PROTOCOL
 * §12d), each deliverer handled on its own, so two things happen that a direct chat's single
 * ordered channel never shows:
 * - a copy arrives after the author's later messages (relayed late): it goes between its
 *   neighbours by seq, as a direct message that overtook does (§6, ordering), never more than
 *   OVERTAKE_WINDOW_MS back;
 * - a copy read the clock before another deliverer stored the author's earlier message with a
 *   later clock reading: it goes after that earlier message (and before any later one).
 * Between two neighbours the time is interpolated by seq, not halved: a run of hundreds of late
 * copies stays evenly spread instead of crowding into the last bits of a double.
 * Runs inside the storing transaction, so the neighbours it reads are the committed ones.
 */
export async function placeByAuthorSeq(db: ChatDb, row: ReceivedRow): Promise<ReceivedRow> {
	const bySeq = db.receiver.where('[conversationId+peerId+seq]');
	const key = [row.conversationId, row.peerId] as const;
	const [earlier, later] = await Promise.all([
		bySeq.between([...key, 0], [...key, row.seq]).last(),
		bySeq.between([...key, row.seq + 1], [...key, Infinity]).first()
	]);
	const laterHeld = later && later.time <= row.time && row.time - later.time <= OVERTAKE_WINDOW_MS;
	if (later && laterHeld) {
		if (!earlier || earlier.time >= later.time) return { ...row, time: later.time - (later.seq - row.seq) * BACK_PER_SEQ_MS };
		return { ...row, time: between(earlier, later, row.seq) };
	}
	if (earlier && earlier.time >= row.time) {
		const time = later && later.time > earlier.time ? between(earlier, later, row.seq) : earlier.time + BACK_PER_SEQ_MS;
		return { ...row, time };
	}
	return row;
}

/**
 * `placeByAuthorSeq` for a run of messages stored in one transaction. Most runs carry an author's
 * messages in order, each above every seq held: then the only neighbour is the highest held row,
 * read once per author and run and then the row just placed, instead of two range reads per
 * message. Anything else (a copy below a held seq) takes the full placement.
 */
export class RunPlacer {
	readonly #highest = new Map<string, ReceivedRow | null>();

	/**
	 * `beforeFullPlacement` runs before the full placement reads neighbours: rows of this run not
	 * written yet (group-inbox.ts writes a run's rows together) must be in the store by then.
	 */
	constructor(
		private readonly db: ChatDb,
		private readonly beforeFullPlacement: () => Promise<void> = async () => undefined
	) {}

	async place(row: ReceivedRow): Promise<ReceivedRow> {
		const author = authorKey(row);
		if (!this.#highest.has(author)) {
			const highest = await this.db.receiver.where('[conversationId+peerId+seq]').between([row.conversationId, row.peerId, 0], [row.conversationId, row.peerId, Infinity]).last();
			this.#highest.set(author, highest ?? null);
		}
		const placed = this.placeAbove(row);
		if (placed) return placed;
		await this.beforeFullPlacement();
		return placeByAuthorSeq(this.db, row);
	}

	/**
	 * The row placed with no read, when this run already knows the author's highest held row and
	 * it is below this seq (or there is none); else null, and `place` must do it.
	 */
	placeAbove(row: ReceivedRow): ReceivedRow | null {
		const author = authorKey(row);
		const highest = this.#highest.get(author);
		if (highest === undefined || (highest !== null && highest.seq >= row.seq)) return null;
		// No later row: after the earlier one if the clock would put it before (as placeByAuthorSeq).
		const placed = highest !== null && highest.time >= row.time ? { ...row, time: highest.time + BACK_PER_SEQ_MS } : row;
		this.#highest.set(author, placed);
		return placed;
	}
}

function authorKey(row: ReceivedRow): string {
	return `${row.conversationId}\n${row.peerId}`;
}

/** The time of `seq` on the line from `low` to `high` (their seqs and times). */
function between(low: { seq: number; time: number }, high: { seq: number; time: number }, seq: number): number {
	return low.time + ((high.time - low.time) * (seq - low.seq)) / (high.seq - low.seq);
}
