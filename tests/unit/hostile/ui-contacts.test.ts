import { afterEach, describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { saveContact } from '../../../src/lib/db/contact-queries';
import type { HandlerContext } from '../../../src/lib/messenger/context';
import { handleProfile } from '../../../src/lib/messenger/handlers/profile-handler';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { silentLog } from '../../../src/lib/protocol/reject';

const MALLORY = 'pmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm' as PeerId;
let counter = 0;
const opened: ChatDb[] = [];
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

function open(): ChatDb {
	const db = new ChatDb(`contacts-${++counter}`);
	opened.push(db);
	return db;
}

describe('saveContact: a link never unblocks and never names', () => {
	it('leaves a blocked person blocked, names untouched', async () => {
		const db = open();
		await db.users.put({ peerId: MALLORY, name: 'Mallory', state: 'blocked', addedAt: 1, lastActivity: 1, blockWindows: [{ from: 1, to: Number.MAX_SAFE_INTEGER }] });
		const row = await saveContact(db, { peerId: MALLORY, placeholderName: 'mmmm…mmmm', suggestedName: 'Your bank', nickname: 'Friend', now: 2 });
		expect(row.state).toBe('blocked');
		const stored = await db.users.get(MALLORY);
		expect(stored?.state).toBe('blocked');
		expect(stored?.nickname).toBeUndefined();
		expect(stored?.suggestedName).toBeUndefined();
		expect(stored?.blockWindows).toEqual([{ from: 1, to: Number.MAX_SAFE_INTEGER }]);
	});

	it("stores a link's name as a cleaned suggestion, not as the user's nickname", async () => {
		const db = open();
		await saveContact(db, { peerId: MALLORY, placeholderName: 'mmmm…mmmm', suggestedName: '\u202EBob\u0000', now: 1 });
		const stored = await db.users.get(MALLORY);
		expect(stored).toMatchObject({ state: 'contact', name: 'mmmm…mmmm', suggestedName: 'Bob' });
		expect(stored?.nickname).toBeUndefined();
	});

	it('does not let a link rename someone already known', async () => {
		const db = open();
		await db.users.put({ peerId: MALLORY, name: 'Mallory', state: 'request', addedAt: 1, lastActivity: 1 });
		await saveContact(db, { peerId: MALLORY, placeholderName: 'mmmm…mmmm', suggestedName: 'Bob', now: 2 });
		expect(await db.users.get(MALLORY)).toMatchObject({ state: 'contact', name: 'Mallory' });
		expect((await db.users.get(MALLORY))?.suggestedName).toBeUndefined();
	});
});

describe('profile names are cleaned before they are stored', () => {
	function context(db: ChatDb): HandlerContext {
		return { db, identity: null as never, log: silentLog, now: () => 10, announcedNames: new Map(), verifiedKeys: new Map(), acknowledge() {}, acknowledged() {}, refused() {}, settled: () => null };
	}

	it('strips bidi overrides and controls from a profile name', async () => {
		const db = open();
		await db.users.put({ peerId: MALLORY, name: 'mmmm…mmmm', state: 'request', addedAt: 1, lastActivity: 1 });
		const ctx = context(db);
		await handleProfile(ctx, MALLORY, { t: 'profile', name: '\u202Eevil\u0007 \n name\u200B' });
		expect((await db.users.get(MALLORY))?.name).toBe('evil name');
		expect(ctx.announcedNames.get(MALLORY)).toBe('evil name');
	});

	it('keeps the old name when nothing visible is left', async () => {
		const db = open();
		await db.users.put({ peerId: MALLORY, name: 'Mallory', state: 'request', addedAt: 1, lastActivity: 1 });
		await handleProfile(context(db), MALLORY, { t: 'profile', name: '\u202E\u200B\u2066' });
		expect((await db.users.get(MALLORY))?.name).toBe('Mallory');
	});
});
