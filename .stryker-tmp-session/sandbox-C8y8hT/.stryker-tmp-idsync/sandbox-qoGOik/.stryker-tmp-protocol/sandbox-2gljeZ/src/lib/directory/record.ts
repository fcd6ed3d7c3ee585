// @ts-nocheck
// 
// 
import * as v from 'valibot';
import { peerIdForKey, type Identity } from '../crypto/identity';
import type { Sodium } from '../crypto/sodium';
import { fromBase64Url, fromHex, toBase64Url, utf8 } from '../ids/encoding';
import { parsePeerId } from '../ids/peer-id';
import { lengthPrefixed, u64 } from './bytes';
import { HANDLE_HASH_PATTERN } from './handle';

/**
 * One signed statement about one handle hash: "the key below claims it" or "… releases it".
 * The server stores claims and hands them out unchanged, so a client checks the signature
 * itself and need not trust the server to tell it the truth about who owns a handle.
 */
export const DIRECTORY_DOMAIN = 'parley/directory/v2';
export const DIRECTORY_RECORD_VERSION = 1;
/** How far a record's `ts` may be from the server's clock when the server accepts it. */
export const DIRECTORY_MAX_SKEW_MS = 5 * 60_000;

export const DIRECTORY_OPS = ['claim', 'release'] as const;
export type DirectoryOp = (typeof DIRECTORY_OPS)[number];

/** Unpadded base64url of exactly `length` bytes, in its one canonical spelling. */
const base64UrlBytes = (length: number) =>
	v.pipe(
		v.string(),
		v.regex(new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((length * 4) / 3)}}$`), `not ${length} bytes of base64url`),
		v.check((text) => {
			const bytes = fromBase64Url(text);
			// Rejects stray low bits in the last character: one value, one string.
			return bytes !== null && bytes.length === length && toBase64Url(bytes) === text;
		}, `not canonical base64url of ${length} bytes`)
	);

const timestamp = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));

export const DirectoryRecordSchema = v.object({
	v: v.literal(DIRECTORY_RECORD_VERSION),
	handleHash: v.pipe(v.string(), v.regex(HANDLE_HASH_PATTERN, 'not 64 lower-case hex digits')),
	peerId: v.pipe(
		v.string(),
		v.check((text) => parsePeerId(text) === text, 'not a canonical peer id')
	),
	publicKey: base64UrlBytes(32),
	ts: timestamp,
	op: v.picklist(DIRECTORY_OPS),
	sig: base64UrlBytes(64)
});

export type DirectoryRecord = v.InferOutput<typeof DirectoryRecordSchema>;

export type RecordRefusal = 'invalid' | 'peer-id-mismatch' | 'bad-signature' | 'clock-skew';

export type RecordCheck =
	| { readonly ok: true; readonly record: DirectoryRecord }
	| { readonly ok: false; readonly reason: RecordRefusal; readonly detail: string };

/**
 * The signed bytes: every field length-prefixed (4-byte big-endian length), in this order:
 * label "parley/directory/v2", deployment id (ASCII), version (1 byte), handle hash (32 raw
 * bytes), peer id (ASCII), public key (32 bytes), ts (8 bytes big-endian), op (ASCII).
 * The deployment id is signed but not part of the record: each side uses its own, so a record
 * made for one deployment verifies on no other.
 */
export function recordSigningBytes(deploymentId: string, record: Omit<DirectoryRecord, 'sig'>): Uint8Array {
	const hash = fromHex(record.handleHash);
	const publicKey = fromBase64Url(record.publicKey);
	if (!hash || hash.length !== 32 || !publicKey) throw new Error('record fields are not encoded as expected');
	return lengthPrefixed(
		utf8(DIRECTORY_DOMAIN),
		utf8(deploymentId),
		Uint8Array.of(record.v),
		hash,
		utf8(record.peerId),
		publicKey,
		u64(record.ts),
		utf8(record.op)
	);
}

export function signRecord(
	sodium: Sodium,
	identity: Identity,
	fields: { readonly deploymentId: string; readonly handleHash: string; readonly op: DirectoryOp; readonly ts: number }
): DirectoryRecord {
	const unsigned = {
		v: DIRECTORY_RECORD_VERSION,
		handleHash: fields.handleHash,
		peerId: identity.peerId,
		publicKey: toBase64Url(identity.publicKey),
		ts: fields.ts,
		op: fields.op
	} as const;
	const sig = toBase64Url(sodium.crypto_sign_detached(recordSigningBytes(fields.deploymentId, unsigned), identity.secretKey));
	// Parsed so a caller's bad hash, op or ts fails here rather than at the server.
	const parsed = v.safeParse(DirectoryRecordSchema, { ...unsigned, sig });
	if (!parsed.success) throw new Error(`cannot sign this record: ${describeIssues(parsed.issues)}`);
	return parsed.output;
}

/**
 * Checks, in order: the schema, that the key hashes to the peer id, the signature for
 * `deploymentId`, and that |now - ts| <= maxSkewMs. Pass Infinity as maxSkewMs to check a
 * stored (old) record. On success `record` is the parsed copy, without any unknown extra fields.
 */
export function verifyRecord(sodium: Sodium, input: unknown, deploymentId: string, now: number, maxSkewMs: number): RecordCheck {
	const parsed = v.safeParse(DirectoryRecordSchema, input);
	if (!parsed.success) return { ok: false, reason: 'invalid', detail: describeIssues(parsed.issues) };
	const record = parsed.output;
	// The schema already proved these decode.
	const publicKey = fromBase64Url(record.publicKey) as Uint8Array;
	const sig = fromBase64Url(record.sig) as Uint8Array;
	if (peerIdForKey(sodium, publicKey) !== record.peerId) {
		return { ok: false, reason: 'peer-id-mismatch', detail: 'publicKey does not hash to peerId' };
	}
	if (!sodium.crypto_sign_verify_detached(sig, recordSigningBytes(deploymentId, record), publicKey)) {
		return { ok: false, reason: 'bad-signature', detail: 'the signature does not verify' };
	}
	if (!(Math.abs(now - record.ts) <= maxSkewMs)) {
		return { ok: false, reason: 'clock-skew', detail: `ts must be within ${maxSkewMs} ms of the server clock (${now})` };
	}
	return { ok: true, record };
}

/** One line, e.g. `ts: Invalid type: Expected number but received "x"; sig: not 64 bytes of base64url`. */
function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
	return issues.map((issue) => `${v.getDotPath(issue) ?? 'record'}: ${issue.message}`).join('; ');
}

/**
 * For a client reading GET /directory/<hash>: the answer must be a validly signed claim for the
 * hash that was asked for. The server is not trusted; it could answer with another handle's
 * record. Age is not checked: a claim stays valid until released.
 */
export function verifyLookupAnswer(sodium: Sodium, input: unknown, handleHash: string, deploymentId: string): RecordCheck {
	const checked = verifyRecord(sodium, input, deploymentId, 0, Number.POSITIVE_INFINITY);
	if (!checked.ok) return checked;
	if (checked.record.handleHash !== handleHash || checked.record.op !== 'claim') {
		return { ok: false, reason: 'invalid', detail: 'not a claim for the handle that was looked up' };
	}
	return checked;
}
