import { afterEach } from 'vitest';
import type { Identity } from '../../../src/lib/crypto/identity';
import type { Sodium } from '../../../src/lib/crypto/sodium';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { GroupMessageBody } from '../../../src/lib/group/group-frames';
import type { GroupId } from '../../../src/lib/group/group-ids';
import { signGroupMessage, verifyGroupMessage, type VerifiedGroupMessage } from '../../../src/lib/group/group-signing';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';

let counter = 0;
const opened: ChatDb[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});

export function freshDb(): ChatDb {
	const db = new ChatDb(`group-db-${++counter}`);
	opened.push(db);
	return db;
}

let clock = 1_000_000;

/** A group frame signed by `author` and checked as a receiver would, before it reaches the store. */
export function signed(sodium: Sodium, author: Identity, g: GroupId, seq: number, body: GroupMessageBody | string, id: MessageId = newMessageId(++clock)): VerifiedGroupMessage {
	const frame = signGroupMessage(sodium, author, { g, seq, id, ts: clock, body: typeof body === 'string' ? { kind: 'text', text: body } : body });
	const checked = verifyGroupMessage(sodium, frame);
	if (!checked.ok) throw new Error(checked.reason);
	return checked.value;
}

/** Row counts of every table a group write may touch: "stores nothing" is all of them unchanged. */
export async function tableCounts(db: ChatDb): Promise<Record<string, number>> {
	const tables = { groups: db.groups, groupOps: db.groupOps, groupFrames: db.groupFrames, groupDelivery: db.groupDelivery, sender: db.sender, receiver: db.receiver };
	const counts = await Promise.all(Object.values(tables).map((table) => table.count()));
	return Object.fromEntries(Object.keys(tables).map((name, i) => [name, counts[i]!]));
}
