import { toBase32 } from './encoding';

/**
 * A peer id names an identity key: it is a hash of the Ed25519 public key, so whoever presents a
 * key for an id can be checked without trusting the PeerServer that routed the connection.
 */
export type PeerId = string & { readonly __brand: 'PeerId' };

export const PEER_ID_PREFIX = 'p';
export const PEER_ID_HASH_BYTES = 20;
/** 'p' + base32 of 20 bytes (160 bits) = 33 characters, valid as a PeerJS id. */
export const PEER_ID_LENGTH = PEER_ID_PREFIX.length + Math.ceil((PEER_ID_HASH_BYTES * 8) / 5);
export const PEER_ID_DOMAIN = 'parley/peer-id/v1';

const PEER_ID_PATTERN = new RegExp(`^${PEER_ID_PREFIX}[a-z2-7]{${PEER_ID_LENGTH - 1}}$`);

export type Hash = (length: number, message: Uint8Array, key: Uint8Array) => Uint8Array;

export function peerIdFromPublicKey(publicKey: Uint8Array, hash: Hash): PeerId {
	const digest = hash(PEER_ID_HASH_BYTES, publicKey, new TextEncoder().encode(PEER_ID_DOMAIN));
	return (PEER_ID_PREFIX + toBase32(digest)) as PeerId;
}

export function parsePeerId(text: unknown): PeerId | null {
	if (typeof text !== 'string') return null;
	const candidate = text.trim().toLowerCase();
	// 32 base32 symbols are exactly 160 bits, so every string of this shape is the one canonical
	// encoding of its 20 bytes: one key has exactly one id.
	if (!PEER_ID_PATTERN.test(candidate)) return null;
	return candidate as PeerId;
}

export function shortPeerId(id: PeerId): string {
	return `${id.slice(1, 5)}…${id.slice(-4)}`;
}
