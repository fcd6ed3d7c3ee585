import { ChatDb } from '../db/chat-db';
import { removeStaleStaging } from '../db/staging-cleanup';
import { activeDbName, STAGING_PREFIX } from './active-db';
import type { RelayControl } from './relay-control';
import { createIdentityRow, loadIdentityRow, rememberPeerId } from '../db/identity-store';
import { loadSearchIndex } from '../db/search-queries';
import type { IdentityRow, SearchIndexRow } from '../db/schema';
import { createIdentity, identityFromKeys, type Identity } from '../crypto/identity';
import { loadSodium, type Sodium } from '../crypto/sodium';
import { parsePeerId, type PeerId } from '../ids/peer-id';
import type { Messenger } from '../messenger/messenger';
import { createSearchWorker } from '../search/search-client';
import type { TabNetwork } from './tab-network';

/** What the first screen needs: storage and the saved identity, if any. No crypto. */
export interface Storage {
	db: ChatDb;
	identityRow: IdentityRow | undefined;
	/** What the search needs first, started at boot (see openStorage); taken once. */
	searchStart?: SearchStart;
}

export interface SearchStart {
	/** null where there are no module workers (Node tests): the search makes its own. */
	worker: Worker | null;
	/** The saved index's row, being read (undefined: none, or unreadable). */
	savedIndex: Promise<SearchIndexRow | undefined>;
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
	// The search worker's chunk downloads and compiles while IndexedDB opens, and the saved index
	// (megabytes) is read right behind the identity: a search typed as soon as the box appears
	// would otherwise wait for both to start only once the first screen is up.
	const worker = typeof Worker === 'function' ? createSearchWorker() : null;
	const db = new ChatDb(activeDbName());
	await db.open();
	// A restore that never finished (tab closed mid-way) left its staging database: not used, so gone.
	removeStaleStaging(STAGING_PREFIX, db.name).catch(() => undefined);
	const identityRow = loadIdentityRow(db);
	const savedIndex = loadSearchIndex(db).catch(() => undefined);
	return { db, identityRow: await identityRow, searchStart: { worker, savedIndex } };
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
): Promise<{ messenger: Messenger; relay: boolean; relayControl: RelayControl; tabs: TabNetwork }> {
	const { connectMessenger: connect } = await import('./connect');
	return connect(foundation, identity, displayName);
}

/**
 * Received files are written to files from a worker once it has started (until then, and where it
 * cannot, into IndexedDB). Started once there is an identity (AppState), not at boot: its worker
 * carries its own libsodium, which a first visit's onboarding must not fetch (pwa.spec).
 */
export function startPieceFiles(db: ChatDb): void {
	import('./piece-files-start').then(({ storePiecesInFiles }) => storePiecesInFiles(db)).catch((error: unknown) => console.warn('received files stay in IndexedDB', error));
}
