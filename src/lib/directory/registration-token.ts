import { peerIdForKey, type Identity } from '../crypto/identity';
import type { Sodium } from '../crypto/sodium';
import { concatBytes, fromBase64Url, toBase64Url, utf8 } from '../ids/encoding';
import { PEER_ID_LENGTH } from '../ids/peer-id';
import { readU64, u64 } from './bytes';

/**
 * Proof for the PeerServer that whoever registers a peer id holds the key it names. It travels
 * as the peerjs `token`, which the client puts into the WebSocket URL unescaped, so it is
 * base64url (no padding): base64url(publicKey(32) ‖ ts(8, big-endian ms) ‖ sig(64)), where
 * sig = Ed25519("parley/register/v1" ‖ peerId ‖ ts). The peer id has a fixed length, so the
 * signed bytes need no length prefixes.
 */
export const REGISTRATION_DOMAIN = 'parley/register/v1';
/** How far a token's ts may be from the server clock for a new registration. */
export const REGISTRATION_MAX_SKEW_MS = 5 * 60_000;

const PUBLIC_KEY_BYTES = 32;
const TS_BYTES = 8;
const SIG_BYTES = 64;
const TOKEN_BYTES = PUBLIC_KEY_BYTES + TS_BYTES + SIG_BYTES;
/** 104 bytes as unpadded base64url. */
export const REGISTRATION_TOKEN_CHARS = Math.ceil((TOKEN_BYTES * 4) / 3);

export interface DecodedRegistrationToken {
	readonly publicKey: Uint8Array;
	readonly ts: number;
	readonly sig: Uint8Array;
}

export type TokenRefusal = 'malformed' | 'wrong-key' | 'bad-signature' | 'stale';

export type TokenCheck =
	| { readonly ok: true; readonly ts: number; readonly publicKey: Uint8Array }
	/** `stale` is only reported for a token that is otherwise valid (key and signature check out). */
	| { readonly ok: false; readonly reason: TokenRefusal; readonly ts?: number };

function signedBytes(peerId: string, ts: number): Uint8Array {
	return concatBytes(utf8(REGISTRATION_DOMAIN), utf8(peerId), u64(ts));
}

export function makeRegistrationToken(sodium: Sodium, identity: Identity, ts: number): string {
	const stamp = u64(ts);
	const sig = sodium.crypto_sign_detached(signedBytes(identity.peerId, ts), identity.secretKey);
	return toBase64Url(concatBytes(identity.publicKey, stamp, sig));
}

/** Splits a token without checking it; null unless it has the exact shape and canonical spelling. */
export function decodeRegistrationToken(token: unknown): DecodedRegistrationToken | null {
	if (typeof token !== 'string' || token.length !== REGISTRATION_TOKEN_CHARS) return null;
	const bytes = fromBase64Url(token);
	if (!bytes || bytes.length !== TOKEN_BYTES || toBase64Url(bytes) !== token) return null;
	const ts = readU64(bytes, PUBLIC_KEY_BYTES);
	if (ts === null) return null;
	return {
		publicKey: bytes.slice(0, PUBLIC_KEY_BYTES),
		ts,
		sig: bytes.slice(PUBLIC_KEY_BYTES + TS_BYTES)
	};
}

/**
 * Checks, in order: the shape, that the embedded key hashes to `peerId`, the signature, and
 * that |now - ts| <= maxSkewMs. Stale is last on purpose: a caller may still honour a stale
 * token it has seen before (a reconnect), and "stale" means everything else was fine.
 */
export function verifyRegistrationToken(sodium: Sodium, token: unknown, peerId: string, now: number, maxSkewMs: number): TokenCheck {
	const decoded = decodeRegistrationToken(token);
	if (!decoded || peerId.length !== PEER_ID_LENGTH) return { ok: false, reason: 'malformed' };
	if (peerIdForKey(sodium, decoded.publicKey) !== peerId) return { ok: false, reason: 'wrong-key' };
	if (!sodium.crypto_sign_verify_detached(decoded.sig, signedBytes(peerId, decoded.ts), decoded.publicKey)) {
		return { ok: false, reason: 'bad-signature' };
	}
	if (!(Math.abs(now - decoded.ts) <= maxSkewMs)) return { ok: false, reason: 'stale', ts: decoded.ts };
	return { ok: true, ts: decoded.ts, publicKey: decoded.publicKey };
}
