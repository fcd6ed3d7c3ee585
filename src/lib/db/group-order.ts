import type { ChatDb } from './chat-db';
import { OVERTAKE_WINDOW_MS } from './inbound-rules';
import type { ReceivedRow } from './schema';

/**
 * Gives a group message a local time that keeps its author's order in a thread ordered by time.
 * A group message can reach us from its author and from every member relaying it (PROTOCOL
 * §12d), each deliverer handled on its own, so two things happen that a direct chat's single
 * ordered channel never shows:
 * - a copy arrives after the author's later messages (relayed late): it goes between its
 *   neighbours by seq, as a direct message that overtook does (§6, ordering), never more than
 *   OVERTAKE_WINDOW_MS back;
 * - a copy read the clock before another deliverer stored the author's earlier message with a
 *   later clock reading: it goes just after that earlier message (and before any later one).
 * Runs inside the storing transaction, so the neighbours it reads are the committed ones.
 */
export async function placeByAuthorSeq(db: ChatDb, row: ReceivedRow): Promise<ReceivedRow> {
	const bySeq = db.receiver.where('[conversationId+peerId+seq]');
	const key = [row.conversationId, row.peerId] as const;
	const [earlier, later] = await Promise.all([
		bySeq.between([...key, 0], [...key, row.seq]).last(),
		bySeq.between([...key, row.seq + 1], [...key, Infinity]).first()
	]);
	if (later && later.time <= row.time && row.time - later.time <= OVERTAKE_WINDOW_MS) {
		const floor = earlier && earlier.time < later.time ? earlier.time : later.time - 1;
		return { ...row, time: (floor + later.time) / 2 };
	}
	if (earlier && earlier.time >= row.time) {
		const ceiling = later && later.time > earlier.time ? later.time : earlier.time + 2;
		return { ...row, time: (earlier.time + ceiling) / 2 };
	}
	return row;
}
