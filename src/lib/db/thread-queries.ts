import type { ChatDb } from './chat-db';
import type { ReceivedRow, SentRow, ThreadMessage } from './schema';

/** The newest `limit` messages of a conversation, oldest first, merged from both tables. */
export async function latestMessages(db: ChatDb, conversationId: string, limit: number): Promise<ThreadMessage[]> {
	const range = (table: ChatDb['sender'] | ChatDb['receiver']) =>
		table.where('[conversationId+time]').between([conversationId, -Infinity], [conversationId, Infinity]).reverse().limit(limit);
	const [sent, received] = await Promise.all([range(db.sender).toArray(), range(db.receiver).toArray()]);
	const merged: ThreadMessage[] = [
		...(sent as SentRow[]).map((row) => ({ ...row, direction: 'out' as const })),
		...(received as ReceivedRow[]).map((row) => ({ ...row, direction: 'in' as const }))
	];
	merged.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1));
	return merged.slice(-limit);
}

/**
 * Every message of a conversation stored at or after `since`, oldest first. Forward ranges let
 * IndexedDB answer with one getAll per table instead of walking a reverse cursor row by row,
 * which is what keeps the live thread cheap to re-run after every write.
 */
export async function messagesSince(db: ChatDb, conversationId: string, since: number): Promise<ThreadMessage[]> {
	const range = (table: ChatDb['sender'] | ChatDb['receiver']) =>
		table.where('[conversationId+time]').between([conversationId, since], [conversationId, Infinity], true, true).toArray();
	const [sent, received] = await Promise.all([range(db.sender), range(db.receiver)]);
	return mergeByTime(
		(sent as SentRow[]).map((row) => ({ ...row, direction: 'out' as const })),
		(received as ReceivedRow[]).map((row) => ({ ...row, direction: 'in' as const }))
	);
}

/** The time of the oldest of the newest `count` messages: where a live thread window starts. */
export async function windowStart(db: ChatDb, conversationId: string, count: number): Promise<number> {
	const latest = await latestMessages(db, conversationId, count);
	return latest[0]?.time ?? -Infinity;
}

function mergeByTime(a: ThreadMessage[], b: ThreadMessage[]): ThreadMessage[] {
	const out: ThreadMessage[] = [];
	let i = 0;
	let j = 0;
	while (i < a.length || j < b.length) {
		const x = a[i];
		const y = b[j];
		if (x && (!y || x.time < y.time || (x.time === y.time && x.id < y.id))) {
			out.push(x);
			i++;
		} else if (y) {
			out.push(y);
			j++;
		}
	}
	return out;
}
