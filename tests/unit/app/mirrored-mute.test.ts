import { describe, expect, it } from 'vitest';
import { fromPost, toPost } from '../../../src/lib/app/mirrored-changes';
import type { UserRow } from '../../../src/lib/db/schema';
import type { PeerId } from '../../../src/lib/ids/peer-id';

const bob: UserRow = { peerId: `p${'b'.repeat(32)}` as PeerId, name: 'Bob', state: 'contact', addedAt: 1, lastActivity: 2, unread: 3, muted: true };

describe('mute across tabs', () => {
	it('a muted contact row reaches the other tabs muted', () => {
		const mirrored = fromPost(structuredClone(toPost({ messages: [], users: [bob] })));
		expect(mirrored?.users?.[0]?.muted).toBe(true);
	});

	it('a post whose mute flag is not a boolean is dropped', () => {
		const post = { ...toPost({ messages: [], users: [bob] }), users: [{ ...bob, muted: 'yes' }] };
		expect(fromPost(post)).toBeNull();
	});
});
