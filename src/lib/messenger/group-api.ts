import type { GroupId } from '../group/group-ids';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';

/**
 * What the UI asks of groups (issue 11). `Messenger` implements it; the UI reads what it shows
 * from the database (db/group-store.ts, the `sender`/`receiver` rows whose `conversationId` is the
 * group id) and follows `db.changes`, like a direct conversation.
 *
 * Every method records first and sends after (an offline member gets it when next reachable) and
 * refuses, with a `GroupActionError`, what the group's current state does not allow this device
 * (a non-admin adding, a removed member writing, more than `MAX_GROUP_MEMBERS`).
 * Editing and deleting a group message go through the messenger's existing `editMessage` and
 * `deleteForEveryone`, which tell a group row from a direct one by its `conversationId`.
 */
export interface GroupApi {
	/** Signs the create op, stores the group, invites `members` (contacts); returns its id. */
	createGroup(name: string, members: readonly PeerId[]): Promise<GroupId>;
	/** Records one `sender` row with a pending delivery per other current member, then fans out. */
	sendGroupText(group: GroupId, text: string, options?: { replyTo?: MessageId }): Promise<MessageId>;
	addGroupMember(group: GroupId, member: PeerId): Promise<void>;
	removeGroupMember(group: GroupId, member: PeerId): Promise<void>;
	/** Creator only: name or unname an admin. */
	setGroupAdmin(group: GroupId, member: PeerId, admin: boolean): Promise<void>;
	renameGroup(group: GroupId, name: string): Promise<void>;
	leaveGroup(group: GroupId): Promise<void>;
}

export type GroupActionRefusal = 'unknown-group' | 'not-allowed' | 'too-many-members' | 'invalid-name' | 'not-a-member';

export class GroupActionError extends Error {
	constructor(readonly reason: GroupActionRefusal) {
		super(`group action refused: ${reason}`);
		this.name = 'GroupActionError';
	}
}
