import type { Sodium } from '../crypto/sodium';
import { makeRegistrationToken } from '../directory/registration-token';
import { peerIdFromPublicKey, type PeerId } from '../ids/peer-id';
import { TurnCredentials } from '../net/turn-credentials';
import type { Transport } from '../net/transport';
import { loadClientConfig } from '../pwa/offline-config';
import { consoleLog } from '../protocol/reject';
import { loadTransport } from './boot';

export interface ThrowawayKey {
	publicKey: Uint8Array;
	privateKey: Uint8Array;
}

/** A fresh throwaway signing key and its id: what each side of a transfer registers with. */
export function throwawayKey(sodium: Sodium): ThrowawayKey & { peerId: PeerId } {
	const pair = sodium.crypto_sign_keypair();
	return { ...pair, peerId: peerIdFromPublicKey(pair.publicKey, (length, message, key) => sodium.crypto_generichash(length, message, key)) };
}

/**
 * A transport of its own for one device transfer, registered under a throwaway id with that
 * key's registration proof (PROTOCOL §11), never the identity's: the server cannot tie the
 * transfer to the user. Same server, ICE and relay settings as the messenger's.
 */
export async function transferTransport(sodium: Sodium, key: ThrowawayKey, relayOnly: boolean): Promise<Transport> {
	const [{ config }, { PeerJsTransport, locationOf }] = await Promise.all([loadClientConfig(), loadTransport()]);
	const peerId = peerIdFromPublicKey(key.publicKey, (length, message, hashKey) => sodium.crypto_generichash(length, message, hashKey));
	const signer = { peerId, publicKey: key.publicKey, secretKey: key.privateKey };
	return new PeerJsTransport(
		config,
		locationOf(new URL(location.href)),
		() => makeRegistrationToken(sodium, signer, config.deployment.id, Date.now()),
		consoleLog(),
		{ turn: config.turn ? new TurnCredentials(config.turn.path) : null, relayOnly }
	);
}
