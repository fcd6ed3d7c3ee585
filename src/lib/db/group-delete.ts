import type { GroupId } from '../group/group-ids';
import type { MessageId } from '../ids/message-id';
import type { ChatDb } from './chat-db';
import { commitDurably } from './durability';
import { dropFiles } from './file-store';
import { dropVersions } from './group-edits';

/**
 * Deletes everything stored for a group: its row and cached state, every op, every logged frame,
 * its messages both ways with their edit history and the per-member delivery rows, so nothing of it stays that the user
 * cannot see. Returns the message ids removed (the search index drops them too). The messenger
 * leaves the group first: a member who stays would get it back from the next op or relay.
 */
export async function deleteGroup(db: ChatDb, group: GroupId): Promise<string[]> {
	const tables = [db.groups, db.groupOps, db.groupFrames, db.groupDelivery, db.sender, db.receiver, db.editHistory, db.files, db.fileChunks];
	const messageIds = await db.transaction('rw', tables, async () => {
		const byTime = (table: ChatDb['sender'] | ChatDb['receiver']) => table.where('[conversationId+time]').between([group, -Infinity], [group, Infinity]);
		// Only an edited message has stored versions (a deleted one had them wiped).
		const edited = (row: { version?: number }) => (row.version ?? 0) > 0;
		const [sent, received, editedIds, frames, ops, row] = await Promise.all([
			byTime(db.sender).primaryKeys(),
			byTime(db.receiver).primaryKeys(),
			Promise.all([
				db.sender.where('[conversationId+time]').between([group, -Infinity], [group, Infinity]).filter(edited).primaryKeys(),
				db.receiver.where('[conversationId+time]').between([group, -Infinity], [group, Infinity]).filter(edited).primaryKeys()
			]),
			db.groupFrames.where('[group+author+seq]').between([group, '', -Infinity], [group, '\uffff', Infinity]).primaryKeys(),
			db.groupOps.where('[group+time]').between([group, -Infinity], [group, Infinity]).primaryKeys(),
			db.groups.get(group)
		]);
		// Copies went only to members and to who left since: both are in the folded state.
		const recipients = row ? [...row.state.members.keys(), ...row.state.departed] : [];
		const copies = await Promise.all(
			recipients.flatMap((member) =>
				(['pending', 'sent'] as const).map((status) =>
					db.groupDelivery.where('[member+status+group+seq]').between([member, status, group, -Infinity], [member, status, group, Infinity]).primaryKeys()
				)
			)
		);
		await Promise.all([
			...editedIds.flat().map((id: string) => dropVersions(db, id as MessageId)),
			db.sender.bulkDelete(sent),
			db.receiver.bulkDelete(received),
			db.groupFrames.bulkDelete(frames),
			db.groupOps.bulkDelete(ops),
			db.groupDelivery.bulkDelete(copies.flat()),
			db.groups.delete(group),
			dropFiles(db, [...sent, ...received])
		]);
		return [...sent, ...received];
	});
	// Deleting is a privacy act: a power cut must not bring the group back.
	await commitDurably(db);
	db.changes.publish({ messages: [], cleared: [group] });
	return messageIds;
}
