import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import { commitDurably } from './durability';
import { dropFiles } from './file-store';

export interface DeletedConversation {
	/** Ids of the messages removed, either direction (the search index drops them too). */
	messageIds: string[];
	/** Whether the person's row went too (a request or ignored stranger) or stayed (a contact, a block). */
	personRemoved: boolean;
}

/**
 * Deletes everything a conversation stored: messages both ways, our queued edits, and every
 * edit-history entry of those messages or written by that person (including edits aimed at
 * messages that do not exist). A contact stays a contact and a blocked person stays blocked,
 * so deleting what they sent never lifts the block; a stranger's request row goes with it.
 */
export async function deleteConversation(db: ChatDb, peer: PeerId): Promise<DeletedConversation> {
	const tables = [db.users, db.sender, db.receiver, db.edits, db.editHistory, db.deliveryMarks, db.files, db.fileChunks];
	const deleted = await db.transaction('rw', tables, async () => {
		const range = (table: ChatDb['sender'] | ChatDb['receiver']) =>
			table.where('[conversationId+time]').between([peer, -Infinity], [peer, Infinity]).primaryKeys();
		const [sent, received, edits] = await Promise.all([
			range(db.sender),
			range(db.receiver),
			db.edits.where('[peerId+status+time]').between([peer, '', -Infinity], [peer, '\uffff', Infinity]).primaryKeys()
		]);
		const messageIds = [...sent, ...received];
		const targets = new Set<string>(messageIds);
		// No index on the author: one pass over the table, which holds only edited messages.
		const history = await db.editHistory.filter((row) => row.author === peer || targets.has(row.target)).primaryKeys();
		const user = await db.users.get(peer);
		const personRemoved = user?.state === 'request' || user?.state === 'ignored';
		const kept = user && !personRemoved ? { ...user, preview: undefined, unread: 0 } : undefined;
		await Promise.all([
			db.sender.bulkDelete(sent),
			db.receiver.bulkDelete(received),
			db.edits.bulkDelete(edits),
			db.editHistory.bulkDelete(history),
			// The rows it covered are gone; a conversation started over must not inherit it.
			db.deliveryMarks.delete(peer),
			dropFiles(db, messageIds),
			personRemoved ? db.users.delete(peer) : kept ? db.users.put(kept) : undefined
		]);
		return { messageIds, personRemoved, kept };
	});
	// Deleting is a privacy act: a power cut must not bring the messages back.
	await commitDurably(db);
	// `cleared` tells readers to drop the conversation; a removed person appears only there.
	db.changes.publish({ messages: [], users: deleted.kept ? [deleted.kept] : [], cleared: [peer] });
	return { messageIds: deleted.messageIds, personRemoved: deleted.personRemoved };
}

export interface StrayData {
	peerId: PeerId;
	/** Messages stored from them. */
	messages: number;
	/** Edit-history entries they wrote. */
	edits: number;
}

/**
 * People who left rows on this device without a row in the address book, so no conversation
 * shows them (edits aimed at messages that never existed were stored that way once). Cheap:
 * the unread index holds at most two keys per conversation.
 */
export async function listStrayData(db: ChatDb): Promise<StrayData[]> {
	return db.transaction('r', [db.users, db.groups, db.receiver, db.editHistory], async () => {
		// A group's messages belong to the group's conversation, not to a person's.
		const [people, groups] = await Promise.all([db.users.toCollection().primaryKeys(), db.groups.toCollection().primaryKeys()]);
		const known = new Set([...people, ...groups]);
		const strays = new Map<string, StrayData>();
		const entry = (peerId: string) => {
			let found = strays.get(peerId);
			if (!found) strays.set(peerId, (found = { peerId: peerId as PeerId, messages: 0, edits: 0 }));
			return found;
		};
		const conversations = new Set((await db.receiver.orderBy('[conversationId+unread]').uniqueKeys()).map((key) => String((key as unknown as [string, number])[0])));
		for (const conversationId of conversations) {
			if (!known.has(conversationId)) entry(conversationId).messages = await db.receiver.where('[conversationId+time]').between([conversationId, -Infinity], [conversationId, Infinity]).count();
		}
		await db.editHistory.each((row) => {
			if (row.author !== 'self' && !known.has(row.author)) entry(row.author).edits++;
		});
		return [...strays.values()];
	});
}
