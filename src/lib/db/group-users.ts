import type { GroupState } from '../group/membership';
import { shortPeerId, type PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import type { UserRow } from './schema';

/**
 * Gives every member of a group an address-book row: a member who is not known yet becomes a
 * `group` row (not a contact, named by its short id until its profile frame names it), so its
 * messages show under a name and its handshakes are admitted. Known rows are left as they are.
 */
export async function recordGroupMembers(db: ChatDb, me: PeerId, state: GroupState, now: number): Promise<UserRow[]> {
	const members = [...state.members.keys()].filter((member) => member !== me);
	if (members.length === 0) return [];
	const added = await db.transaction('rw', db.users, async () => {
		const known = await db.users.bulkGet(members);
		const fresh = members
			.filter((_, i) => known[i] === undefined)
			.map((peerId): UserRow => ({ peerId, name: shortPeerId(peerId), state: 'group', addedAt: now, lastActivity: 0 }));
		if (fresh.length > 0) await db.users.bulkAdd(fresh);
		return fresh;
	});
	if (added.length > 0) db.changes.publish({ messages: [], users: added });
	return added;
}

/** Everyone who shares a group with this device now (I am a member): admitted like contacts. */
export async function groupPeers(db: ChatDb, me: PeerId): Promise<Set<PeerId>> {
	const peers = new Set<PeerId>();
	await db.groups.each((row) => {
		if (!row.state.members.has(me)) return;
		for (const member of row.state.members.keys()) if (member !== me) peers.add(member);
	});
	return peers;
}
