import { describe, expect, it } from 'vitest';
import type { UserRow } from '../../../src/lib/db/schema';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { memberPresenceText } from '../../../src/lib/state/group-members';

const member = (publicKey?: Uint8Array): UserRow => ({ peerId: 'p1' as PeerId, name: 'p1…', state: 'group', addedAt: 0, lastActivity: 0, ...(publicKey ? { publicKey } : {}) });

describe('a group member’s presence text', () => {
	it('says a member never connected to is "not yet connected" (a short id, no name yet), not just offline', () => {
		expect(memberPresenceText(member(), 'offline')).toBe('not yet connected');
		expect(memberPresenceText(undefined, 'offline')).toBe('not yet connected');
		expect(memberPresenceText(member(new Uint8Array(32)), 'offline')).toBe('offline');
	});

	it('shows a live state as it is', () => {
		expect(memberPresenceText(member(), 'online')).toBe('online');
		expect(memberPresenceText(member(), 'connecting')).toBe('connecting…');
	});
});
