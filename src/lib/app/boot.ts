import { ChatDb } from '../db/chat-db';
import { createIdentityRow, loadIdentityRow, rememberPeerId } from '../db/identity-store';
import type { IdentityRow } from '../db/schema';
import { createIdentity, identityFromKeys, type Identity } from '../crypto/identity';
import { loadSodium, type Sodium } from '../crypto/sodium';
import { parsePeerId, type PeerId } from '../ids/peer-id';
import type { Messenger } from '../messenger/messenger';
import type { TabNetwork } from './tab-network';

/** What the first screen needs: storage and the saved identity, if any. No crypto. */
export interface Storage {
	db: ChatDb;
	identityRow: IdentityRow | undefined;
}

/** Storage plus libsodium: what creating, unlocking and using an identity needs. */
export interface Foundation extends Storage {
	sodium: Sodium;
}

/**
 * PeerJS and its WebRTC shims are a third of the app's own code and nothing on screen needs them
 * before the messenger connects, so they load as a separate chunk, fetched once there is an
 * identity to connect (and warmed up while libsodium initializes).
 */
export const loadTransport = () => import('../net/peerjs-transport');

/**
 * Opens IndexedDB and reads the identity, nothing more: the onboarding screen or the app's
 * chrome renders from this alone, so neither waits for libsodium's download, wasm compile and
 * initialisation (the largest task of a first load).
 */
export async function openStorage(): Promise<Storage> {
	const db = new ChatDb();
	await db.open();
	return { db, identityRow: await loadIdentityRow(db) };
}

/** Adds libsodium (shared, loaded once) and warms up the transport chunk the messenger needs next. */
export async function addCrypto(storage: Storage): Promise<Foundation> {
	// A warm-up only: connectMessenger reports a failed load (offline, never cached).
	if (storage.identityRow) {
		loadTransport().catch(() => undefined);
		import('./connect').catch(() => undefined);
	}
	return { ...storage, sodium: await loadSodium() };
}

export async function createSelf(foundation: Foundation, displayName: string): Promise<IdentityRow> {
	const identity = createIdentity(foundation.sodium);
	return createIdentityRow(foundation.db, {
		publicKey: identity.publicKey,
		secretKey: identity.secretKey,
		peerId: identity.peerId,
		displayName,
		createdAt: Date.now()
	});
}

/**
 * The identity from the stored keys. The peer id kept in the row (shown before libsodium was
 * loaded) must be the one the key gives, or the store is corrupt or was tampered with; a row
 * from before it was kept gets it now.
 */
export function identityOf(foundation: Foundation, row: IdentityRow): Identity {
	const identity = identityFromKeys(foundation.sodium, row.publicKey, row.secretKey);
	if (row.peerId === undefined) void rememberPeerId(foundation.db, identity.peerId).catch(() => undefined);
	else if (row.peerId !== identity.peerId) throw new Error('the stored identity does not match its key');
	return identity;
}

/** The peer id a return visit can show before libsodium is loaded, if the row keeps a valid one. */
export function storedPeerId(row: IdentityRow): PeerId | null {
	return parsePeerId(row.peerId);
}

/**
 * The messenger (protocol, sessions, sync, codecs) loads with the network code, after the
 * identity is unlocked: neither the onboarding screen nor the first paint of the list needs it.
 */
export async function connectMessenger(
	foundation: Foundation,
	identity: Identity,
	displayName: () => string
): Promise<{ messenger: Messenger; relay: boolean; tabs: TabNetwork }> {
	const { connectMessenger: connect } = await import('./connect');
	return connect(foundation, identity, displayName);
}
