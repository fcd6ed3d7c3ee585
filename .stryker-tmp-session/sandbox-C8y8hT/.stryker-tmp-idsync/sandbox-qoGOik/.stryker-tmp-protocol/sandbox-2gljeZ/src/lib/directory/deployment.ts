// @ts-nocheck
// 
// 
import * as v from 'valibot';
import { fromBase64Url, toBase64Url } from '../ids/encoding';

/**
 * Who "this server" is, as published in /config.json. Both values are random per deployment,
 * chosen by the server on first start and kept in its data directory:
 * - `id` goes into every registration token and directory record the client signs, so a token
 *   or record captured on one deployment is worthless on another (docs/PROTOCOL.md §10, §11);
 * - `handleSalt` is the Argon2id salt for handle lookup keys, so a table of precomputed handle
 *   hashes for one deployment is useless against every other.
 * Neither is secret: the server's secret is its directory pepper, which never leaves it.
 */
export interface Deployment {
	readonly id: string;
	readonly handleSalt: string;
}

export const DEPLOYMENT_ID_BYTES = 16;
/** crypto_pwhash_SALTBYTES: Argon2id in libsodium takes exactly 16 salt bytes. */
export const HANDLE_SALT_BYTES = 16;

/** Unpadded base64url of exactly `length` bytes, in its one canonical spelling. */
export function isBase64UrlOf(text: unknown, length: number): text is string {
	if (typeof text !== 'string') return false;
	const bytes = fromBase64Url(text);
	return bytes !== null && bytes.length === length && toBase64Url(bytes) === text;
}

export const DeploymentSchema = v.object({
	id: v.pipe(
		v.string(),
		v.check((text) => isBase64UrlOf(text, DEPLOYMENT_ID_BYTES), `not ${DEPLOYMENT_ID_BYTES} bytes of base64url`)
	),
	handleSalt: v.pipe(
		v.string(),
		v.check((text) => isBase64UrlOf(text, HANDLE_SALT_BYTES), `not ${HANDLE_SALT_BYTES} bytes of base64url`)
	)
});

/**
 * Stands in when the app started without ever reaching /config.json. It matches no server:
 * tokens signed for it are refused and handle lookups fail, rather than being made for the
 * wrong deployment.
 */
export const UNKNOWN_DEPLOYMENT: Deployment = Object.freeze({ id: '', handleSalt: '' });
