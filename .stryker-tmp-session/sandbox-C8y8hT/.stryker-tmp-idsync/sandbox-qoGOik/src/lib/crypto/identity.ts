// @ts-nocheck
// 
import { peerIdFromPublicKey, type PeerId } from '../ids/peer-id';
import type { Sodium } from './sodium';

/** The long-term identity: an Ed25519 signing key pair. Its public key hashes to the peer id. */
export interface Identity {
	readonly peerId: PeerId;
	readonly publicKey: Uint8Array;
	readonly secretKey: Uint8Array;
}

export function createIdentity(sodium: Sodium): Identity {
	const pair = sodium.crypto_sign_keypair();
	return identityFromKeys(sodium, pair.publicKey, pair.privateKey);
}

export function identityFromKeys(sodium: Sodium, publicKey: Uint8Array, secretKey: Uint8Array): Identity {
	if (publicKey.length !== sodium.crypto_sign_PUBLICKEYBYTES) throw new Error('identity public key has the wrong length');
	if (secretKey.length !== sodium.crypto_sign_SECRETKEYBYTES) throw new Error('identity secret key has the wrong length');
	// An Ed25519 secret key embeds its public key; a mismatch means a corrupted store.
	const embedded = secretKey.subarray(32);
	if (!sodium.memcmp(embedded, publicKey)) throw new Error('identity keys do not belong together');
	return { peerId: peerIdForKey(sodium, publicKey), publicKey, secretKey };
}

export function peerIdForKey(sodium: Sodium, publicKey: Uint8Array): PeerId {
	return peerIdFromPublicKey(publicKey, (length, message, key) => sodium.crypto_generichash(length, message, key));
}

/** A short, human-comparable fingerprint of a key (for display next to a contact). */
export function keyFingerprint(sodium: Sodium, publicKey: Uint8Array): string {
	const digest = sodium.crypto_generichash(10, publicKey, new TextEncoder().encode('parley/fingerprint/v1'));
	const groups: string[] = [];
	for (let i = 0; i < digest.length; i += 2) {
		groups.push((((digest[i] ?? 0) << 8) | (digest[i + 1] ?? 0)).toString().padStart(5, '0'));
	}
	return groups.join(' ');
}
