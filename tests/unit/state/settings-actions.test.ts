import { describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { createIdentityRow, loadIdentityRow } from '../../../src/lib/db/identity-store';
import { SettingsActions } from '../../../src/lib/state/settings-actions';

let dbCounter = 0;

/** A settings screen over a real (fake-indexeddb) database and a messenger that counts announcements. */
async function setup() {
	const db = new ChatDb(`settings-${++dbCounter}`);
	await createIdentityRow(db, { publicKey: new Uint8Array(32), secretKey: new Uint8Array(64), displayName: 'Alice', createdAt: 0 });
	const messenger = { announced: [] as string[], announceProfile: () => void messenger.announced.push(shown.at(-1) ?? '') };
	const shown: string[] = [];
	const actions = new SettingsActions(db, messenger, (name) => void shown.push(name));
	return { db, messenger, shown, actions };
}

describe('SettingsActions.rename', () => {
	it('stores the cleaned name, shows it, then announces it (so the profile carries the new name)', async () => {
		const { db, messenger, shown, actions } = await setup();
		expect(await actions.rename('  Alice \u202EL.  ')).toBeNull();
		expect((await loadIdentityRow(db))?.displayName).toBe('Alice L.');
		expect(shown).toEqual(['Alice L.']);
		expect(messenger.announced).toEqual(['Alice L.']);
	});

	it('refuses a name with nothing visible and changes nothing', async () => {
		const { db, messenger, shown, actions } = await setup();
		expect(await actions.rename(' \u200B\u202E ')).toMatch(/visible/);
		expect((await loadIdentityRow(db))?.displayName).toBe('Alice');
		expect(shown).toEqual([]);
		expect(messenger.announced).toEqual([]);
	});
});

describe('SettingsActions.storageUsage', () => {
	it('reports the database counts even where the browser storage API is missing', async () => {
		const { actions } = await setup();
		const usage = await actions.storageUsage();
		expect(usage.counts).toEqual({ messages: 0, people: 0 });
	});
});
