import type { ChatDb } from '../db/chat-db';
import { deliveryOf } from '../db/group-outbox';
import { setGroupMuted } from '../db/group-store';
import type { GroupDeliveryRow } from '../db/schema';
import type { GroupId } from '../group/group-ids';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import { GroupActionError, type GroupActionRefusal, type GroupApi } from '../messenger/group-api';

const REFUSALS: Record<GroupActionRefusal, string> = {
	'unknown-group': 'This group is not on this device any more.',
	'not-allowed': 'Only the group’s admins can do that.',
	'too-many-members': 'The group is full.',
	'invalid-name': 'Give the group a name (no longer than a person’s name).',
	'not-a-member': 'You are no longer a member of this group.'
};

/** A failed group action in words for the user. */
export function describeGroupError(error: unknown): string {
	if (error instanceof GroupActionError) return REFUSALS[error.reason];
	return error instanceof Error ? error.message : String(error);
}

/**
 * What the user can do to a group. Each method resolves to null, or to the reason it was refused
 * in words (shown next to the control that asked).
 */
export class GroupActions {
	constructor(
		private readonly db: ChatDb,
		readonly api: GroupApi
	) {}

	/** Creates the group and returns its id, or the reason in words. */
	async create(name: string, members: readonly PeerId[]): Promise<{ id: GroupId } | { error: string }> {
		try {
			return { id: await this.api.createGroup(name.trim(), members) };
		} catch (error) {
			return { error: describeGroupError(error) };
		}
	}

	add(group: GroupId, member: PeerId): Promise<string | null> {
		return attempt(() => this.api.addGroupMember(group, member));
	}

	remove(group: GroupId, member: PeerId): Promise<string | null> {
		return attempt(() => this.api.removeGroupMember(group, member));
	}

	setAdmin(group: GroupId, member: PeerId, admin: boolean): Promise<string | null> {
		return attempt(() => this.api.setGroupAdmin(group, member, admin));
	}

	rename(group: GroupId, name: string): Promise<string | null> {
		return attempt(() => this.api.renameGroup(group, name.trim()));
	}

	leave(group: GroupId): Promise<string | null> {
		return attempt(() => this.api.leaveGroup(group));
	}

	async mute(group: GroupId, muted: boolean): Promise<void> {
		await setGroupMuted(this.db, group, muted);
	}

	/** Each member's copy of one of our messages (message info). */
	delivery(id: MessageId): Promise<GroupDeliveryRow[]> {
		return deliveryOf(this.db, id);
	}
}

async function attempt(action: () => Promise<void>): Promise<string | null> {
	try {
		await action();
		return null;
	} catch (error) {
		return describeGroupError(error);
	}
}
