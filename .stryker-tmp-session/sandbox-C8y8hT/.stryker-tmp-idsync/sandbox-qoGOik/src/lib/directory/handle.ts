// @ts-nocheck
// 
import type { Sodium } from '../crypto/sodium';
import { fromBase64Url, toHex, utf8 } from '../ids/encoding';
import { HANDLE_SALT_BYTES } from './deployment';

/**
 * A handle is the short public name a user registers (e.g. "alice") so others can find their
 * peer id. The server never sees it: clients look handles up by `handleLookupKey`, a slow hash.
 */
export type Handle = string & { readonly __brand: 'Handle' };

export const HANDLE_MIN_CHARS = 3;
export const HANDLE_MAX_CHARS = 32;
/** Hex of the 32-byte Argon2id output: what the server stores and indexes by. */
export const HANDLE_HASH_PATTERN = /^[0-9a-f]{64}$/;

const HANDLE_PATTERN = new RegExp(`^[a-z0-9][a-z0-9._-]{${HANDLE_MIN_CHARS - 1},${HANDLE_MAX_CHARS - 1}}$`);
/** Inputs longer than this cannot normalise to a valid handle; refusing early bounds NFKC's work. */
const MAX_INPUT_CHARS = 256;
const HASH_BYTES = 32;

/**
 * The one spelling of a handle: NFKC (so full-width "Ａｌｉｃｅ" and the Kelvin sign fold to
 * ASCII), trimmed, lower-cased. Null unless the result is 3-32 of [a-z0-9._-] starting with a
 * letter or digit.
 */
export function normalizeHandle(input: unknown): Handle | null {
	if (typeof input !== 'string' || input.length > MAX_INPUT_CHARS) return null;
	// Lower-cased after NFKC: compatibility folding can produce capitals (Ａ -> A).
	const candidate = input.normalize('NFKC').trim().toLowerCase();
	return HANDLE_PATTERN.test(candidate) ? (candidate as Handle) : null;
}

export function isHandleHash(text: unknown): text is string {
	return typeof text === 'string' && HANDLE_HASH_PATTERN.test(text);
}

/**
 * What the directory is keyed by: hex(Argon2id13(normalized handle, the deployment's handle salt,
 * OPSLIMIT_INTERACTIVE, MEMLIMIT_INTERACTIVE, 32 bytes)). Deliberately slow (~0.1 s, 64 MiB) and
 * computed by the client only. The salt is per deployment (from /config.json): every client of
 * one server must find the same key for the same handle, but a table precomputed for one server
 * is useless on another. The server keys this once more with its secret pepper before storing
 * it (docs/SECURITY.md). Throws on an invalid handle or salt.
 */
export function handleLookupKey(sodium: Sodium, handle: string, handleSalt: string): string {
	const normalized = normalizeHandle(handle);
	if (normalized === null) throw new Error('not a valid handle');
	const salt = fromBase64Url(handleSalt);
	// The stand-in config of an app that never reached the server has no salt.
	if (!salt || salt.length !== HANDLE_SALT_BYTES) throw new Error('the server has not told this app its handle salt yet; reload while online');
	const hash = sodium.crypto_pwhash(
		HASH_BYTES,
		utf8(normalized),
		salt,
		sodium.crypto_pwhash_OPSLIMIT_INTERACTIVE,
		sodium.crypto_pwhash_MEMLIMIT_INTERACTIVE,
		sodium.crypto_pwhash_ALG_ARGON2ID13
	);
	return toHex(hash);
}
