// @ts-nocheck
// 
// 
import { ChatDb } from '../db/chat-db';
import { createIdentityRow, loadIdentityRow } from '../db/identity-store';
import type { IdentityRow } from '../db/schema';
import { createIdentity, identityFromKeys, type Identity } from '../crypto/identity';
import { loadSodium, type Sodium } from '../crypto/sodium';
import { consoleLog } from '../protocol/reject';
import { loadClientConfig } from '../pwa/offline-config';
import type { ClientConfig } from '../net/client-config';
import { PeerJsTransport, locationOf } from '../net/peerjs-transport';
import { makeRegistrationToken } from '../directory/registration-token';
import { Messenger } from '../messenger/messenger';

/** Everything the app needs before it can show anything: crypto, storage and the saved identity. */
export interface Foundation {
	db: ChatDb;
	sodium: Sodium;
	identityRow: IdentityRow | undefined;
}

export async function openFoundation(): Promise<Foundation> {
	const db = new ChatDb();
	const [sodium, identityRow] = await Promise.all([loadSodium(), db.open().then(() => loadIdentityRow(db))]);
	return { db, sodium, identityRow };
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
	const { config } = await loadClientConfig();
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
