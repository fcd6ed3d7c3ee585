// @ts-nocheck
// 
// 
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { DIRECTORY_OPS, DIRECTORY_RECORD_VERSION, type DirectoryOp, type DirectoryRecord } from '../../../src/lib/directory/record';

/** What one line of the directory file holds: nothing a reader without the pepper can use. */
export interface StoredEntry {
	/** HMAC(pepper, client's handle hash): the lookup key. */
	readonly key: string;
	/** HMAC(pepper, public key): lets the store keep one handle per key without naming the key. */
	readonly owner: string;
	readonly ts: number;
	readonly op: DirectoryOp;
	/** The signed record's peer id, public key and signature, sealed under a key only the handle hash (plus pepper) opens. */
	readonly box: string;
}

export const PEPPER_BYTES = 32;
const HEX_32 = /^[0-9a-f]{64}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export const StoredEntrySchema = v.strictObject({
	key: v.pipe(v.string(), v.regex(HEX_32)),
	owner: v.pipe(v.string(), v.regex(HEX_32)),
	ts: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
	op: v.picklist(DIRECTORY_OPS),
	box: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/))
});

const SealedSchema = v.strictObject({ peerId: v.string(), publicKey: v.string(), sig: v.string() });

/**
 * Turns signed records into stored entries and back, keyed by the server's secret pepper.
 *
 * Why every field is keyed or sealed, not just the lookup key: the record's signature covers the
 * client's handle hash, so a stored signature alone would let anyone with the file test handle
 * guesses (Argon2id with the public salt, then one signature check per record). Without the
 * pepper, the file now gives a guess nothing to be checked against. With it (the operator), each
 * guess still costs one Argon2id per handle, as the salt is per deployment.
 */
export class DirectoryKeys {
	readonly #pepper: Buffer;

	constructor(pepper: Uint8Array) {
		if (pepper.length !== PEPPER_BYTES) throw new Error(`the directory pepper must be ${PEPPER_BYTES} bytes`);
		this.#pepper = Buffer.from(pepper);
	}

	/** The handle hash a client sends is hex of 32 bytes (validated by the routes). */
	lookupKey(handleHash: string): string {
		return this.#mac('parley/directory/lookup', Buffer.from(handleHash, 'hex')).toString('hex');
	}

	seal(record: DirectoryRecord): StoredEntry {
		const iv = randomBytes(IV_BYTES);
		const cipher = createCipheriv('aes-256-gcm', this.#boxKey(record.handleHash), iv);
		const plain = JSON.stringify({ peerId: record.peerId, publicKey: record.publicKey, sig: record.sig });
		const sealed = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
		return {
			key: this.lookupKey(record.handleHash),
			owner: this.#mac('parley/directory/owner', Buffer.from(record.publicKey, 'base64url')).toString('hex'),
			ts: record.ts,
			op: record.op,
			box: sealed.toString('base64url')
		};
	}

	/** The signed record back, for the client that asked by `handleHash`; null if it does not open. */
	open(entry: StoredEntry, handleHash: string): DirectoryRecord | null {
		const sealed = Buffer.from(entry.box, 'base64url');
		if (sealed.length < IV_BYTES + TAG_BYTES) return null;
		try {
			const decipher = createDecipheriv('aes-256-gcm', this.#boxKey(handleHash), sealed.subarray(0, IV_BYTES));
			decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
			const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
			const fields = v.safeParse(SealedSchema, JSON.parse(plain.toString('utf8')));
			if (!fields.success) return null;
			const { peerId, publicKey, sig } = fields.output;
			return { v: DIRECTORY_RECORD_VERSION, handleHash, peerId, publicKey, ts: entry.ts, op: entry.op, sig };
		} catch {
			return null;
		}
	}

	#boxKey(handleHash: string): Buffer {
		return this.#mac('parley/directory/box', Buffer.from(handleHash, 'hex'));
	}

	/** HMAC-SHA-256 with a label first, so the three uses of the pepper never collide. */
	#mac(label: string, data: Buffer): Buffer {
		return createHmac('sha256', this.#pepper).update(label).update(Buffer.of(0)).update(data).digest();
	}
}
