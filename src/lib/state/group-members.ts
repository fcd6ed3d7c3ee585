import type { UserRow } from '../db/schema';

export type MemberPresence = 'online' | 'connecting' | 'offline';

/**
 * How a group member's reachability reads in the member list and message info. A member this
 * device never had a session with is only a short id (group ops carry no names: a name is what
 * the member says in their own profile frame), so it says why instead of a bare "offline".
 */
export function memberPresenceText(user: UserRow | undefined, presence: MemberPresence): string {
	if (presence === 'online') return 'online';
	if (presence === 'connecting') return 'connecting…';
	return user?.publicKey ? 'offline' : 'not yet connected';
}
