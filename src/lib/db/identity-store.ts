import type { ChatDb } from './chat-db';
import type { IdentityRow } from './schema';

export async function loadIdentityRow(db: ChatDb): Promise<IdentityRow | undefined> {
	return db.identity.get('self');
}

/** Refuses to overwrite an existing identity: losing the key would orphan every contact. */
export async function createIdentityRow(db: ChatDb, row: Omit<IdentityRow, 'key'>): Promise<IdentityRow> {
	return db.transaction('rw', db.identity, async () => {
		const existing = await db.identity.get('self');
		if (existing) return existing;
		const full: IdentityRow = { key: 'self', ...row };
		await db.identity.add(full);
		return full;
	});
}

export async function renameSelf(db: ChatDb, displayName: string): Promise<void> {
	await db.identity.update('self', { displayName });
}

/** Keeps the peer id derived from the key, for rows written before it was kept. */
export async function rememberPeerId(db: ChatDb, peerId: string): Promise<void> {
	await db.identity.update('self', { peerId });
}
