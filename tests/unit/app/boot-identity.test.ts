import { describe, expect, it } from 'vitest';
import { createSelf, identityOf, storedPeerId, type Foundation } from '../../../src/lib/app/boot';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { loadIdentityRow } from '../../../src/lib/db/identity-store';

let counter = 0;

async function foundation(): Promise<Foundation> {
	const db = new ChatDb(`boot-${++counter}`);
	await db.open();
	return { db, identityRow: undefined, sodium: await loadSodium() };
}

describe('the peer id kept with the identity, for a start before libsodium', () => {
	it('is written with a new identity and is the one its key gives', async () => {
		const base = await foundation();
		const row = await createSelf(base, 'Alice');
		expect(storedPeerId(row)).toBe(identityOf(base, row).peerId);
	});

	it('is filled in for a row written before it was kept', async () => {
		const base = await foundation();
		const { peerId: _dropped, ...old } = await createSelf(base, 'Alice');
		await base.db.identity.put(old);
		expect(storedPeerId(old)).toBeNull();
		const identity = identityOf(base, old);
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect((await loadIdentityRow(base.db))?.peerId).toBe(identity.peerId);
	});

	it('that does not match the key stops the start (a corrupt or tampered store)', async () => {
		const base = await foundation();
		const row = await createSelf(base, 'Alice');
		const other = await createSelf(await foundation(), 'Mallory');
		expect(() => identityOf(base, { ...row, peerId: other.peerId })).toThrow(/does not match/);
		expect(storedPeerId({ ...row, peerId: 'not a peer id' })).toBeNull();
	});
});
