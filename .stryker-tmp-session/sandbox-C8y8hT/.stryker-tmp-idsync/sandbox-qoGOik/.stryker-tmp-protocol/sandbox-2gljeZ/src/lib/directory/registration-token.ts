// @ts-nocheck
// 
// 
import { peerIdForKey, type Identity } from '../crypto/identity';
import type { Sodium } from '../crypto/sodium';
import { concatBytes, fromBase64Url, toBase64Url, utf8 } from '../ids/encoding';
import { PEER_ID_LENGTH } from '../ids/peer-id';
import { lengthPrefixed, readU64, u64 } from './bytes';

/**
 * Proof for the PeerServer that whoever registers a peer id holds the key it names, made for
 * one deployment and a few minutes. It travels as the peerjs `token`, which the client puts into
 * the WebSocket URL unescaped, so it is base64url (no padding):
 * base64url(publicKey(32) ‖ ts(8, big-endian ms) ‖ sig(64)), where sig = Ed25519 over the
 * length-prefixed fields "parley/register/v2", deployment id, peer id, ts. The deployment id is
 * signed but not sent: the server checks against its own, so a token captured on one deployment
 * (or replayed later) registers nothing anywhere else.
 */
export const REGISTRATION_DOMAIN = 'parley/register/v2';

/** How old, and how far ahead of the server clock, a token may be. */
export interface TokenWindow {
	readonly maxAgeMs: number;
	readonly maxAheadMs: number;
}

/**
 * Minutes, not hours: a token leaks with every URL a proxy logs. The client signs a fresh one
 * for every connection attempt, so only clock error has to fit in here.
 */
export const REGISTRATION_WINDOW: TokenWindow = Object.freeze({ maxAgeMs: 5 * 60_000, maxAheadMs: 2 * 60_000 });

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

function signedBytes(deploymentId: string, peerId: string, ts: number): Uint8Array {
	return lengthPrefixed(utf8(REGISTRATION_DOMAIN), utf8(deploymentId), utf8(peerId), u64(ts));
}

/** The one way to make a token, for the app and for tests playing hostile clients alike. */
export function makeRegistrationToken(sodium: Sodium, identity: Identity, deploymentId: string, ts: number = Date.now()): string {
	const stamp = u64(ts);
	const sig = sodium.crypto_sign_detached(signedBytes(deploymentId, identity.peerId, ts), identity.secretKey);
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
 * Checks, in order: the shape, that the embedded key hashes to `peerId`, the signature for
 * `deploymentId` (a token for another deployment fails here), and that ts lies in
 * [now - maxAgeMs, now + maxAheadMs]. "stale" means everything else was fine.
 */
export function verifyRegistrationToken(
	sodium: Sodium,
	token: unknown,
	peerId: string,
	deploymentId: string,
	now: number,
	window: TokenWindow = REGISTRATION_WINDOW
): TokenCheck {
	const decoded = decodeRegistrationToken(token);
	if (!decoded || peerId.length !== PEER_ID_LENGTH) return { ok: false, reason: 'malformed' };
	if (peerIdForKey(sodium, decoded.publicKey) !== peerId) return { ok: false, reason: 'wrong-key' };
	if (!sodium.crypto_sign_verify_detached(decoded.sig, signedBytes(deploymentId, peerId, decoded.ts), decoded.publicKey)) {
		return { ok: false, reason: 'bad-signature' };
	}
	if (!(now - decoded.ts <= window.maxAgeMs && decoded.ts - now <= window.maxAheadMs)) return { ok: false, reason: 'stale', ts: decoded.ts };
	return { ok: true, ts: decoded.ts, publicKey: decoded.publicKey };
}
