import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';

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
	const tables = [db.users, db.sender, db.receiver, db.edits, db.editHistory];
	return db.transaction('rw', tables, async () => {
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
		await Promise.all([
			db.sender.bulkDelete(sent),
			db.receiver.bulkDelete(received),
			db.edits.bulkDelete(edits),
			db.editHistory.bulkDelete(history),
			personRemoved ? db.users.delete(peer) : user ? db.users.update(peer, { preview: undefined }) : Promise.resolve()
		]);
		return { messageIds, personRemoved };
	});
}
