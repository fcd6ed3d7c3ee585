import { ChatDb } from '../db/chat-db';
import { createIdentityRow, loadIdentityRow } from '../db/identity-store';
import type { IdentityRow } from '../db/schema';
import { createIdentity, identityFromKeys, type Identity } from '../crypto/identity';
import { loadSodium, type Sodium } from '../crypto/sodium';
import { consoleLog } from '../protocol/reject';
import { loadClientConfig } from '../pwa/offline-config';
import type { ClientConfig } from '../net/client-config';
import { makeRegistrationToken } from '../directory/registration-token';
import { Messenger } from '../messenger/messenger';

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
const loadTransport = () => import('../net/peerjs-transport');

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
	if (storage.identityRow) loadTransport().catch(() => undefined);
	return { ...storage, sodium: await loadSodium() };
}

export async function createSelf(foundation: Foundation, displayName: string): Promise<IdentityRow> {
	const identity = createIdentity(foundation.sodium);
	return createIdentityRow(foundation.db, {
		publicKey: identity.publicKey,
		secretKey: identity.secretKey,
		displayName,
		createdAt: Date.now()
	});
}

export function identityOf(foundation: Foundation, row: IdentityRow): Identity {
	return identityFromKeys(foundation.sodium, row.publicKey, row.secretKey);
}

/**
 * Wires the real network: config from the serving origin, PeerJS on the same origin.
 * Offline, the config comes from the service worker's cache or the last saved copy, else the
 * defaults: it never fails because of config, so the app opens and queues messages offline.
 */
export async function connectMessenger(foundation: Foundation, identity: Identity, displayName: () => string): Promise<{ messenger: Messenger; relay: boolean }> {
	const [{ config }, { PeerJsTransport, locationOf }] = await Promise.all([loadClientConfig(), loadTransport()]);
	const transport = new PeerJsTransport(config, locationOf(new URL(location.href)), () =>
		makeRegistrationToken(foundation.sodium, identity, config.deployment.id, Date.now())
	);
	const messenger = new Messenger({ db: foundation.db, transport, sodium: foundation.sodium, identity, displayName, log: consoleLog() });
	return { messenger, relay: offersTurnRelay(config) };
}

/** Whether the server hands out a TURN relay: without one, whoever connects to us sees our IP address. */
export function offersTurnRelay(config: ClientConfig): boolean {
	return config.iceServers.some((server) => [server.urls].flat().some((url) => /^turns?:/i.test(url)));
}
