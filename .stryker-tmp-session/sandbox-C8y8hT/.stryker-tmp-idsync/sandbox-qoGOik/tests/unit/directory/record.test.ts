// @ts-nocheck
// 
import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import {
	DIRECTORY_MAX_SKEW_MS,
	recordSigningBytes,
	signRecord,
	verifyLookupAnswer,
	verifyRecord,
	type DirectoryRecord
} from '../../../src/lib/directory/record';
import { fromBase64Url, toBase64Url, toHex } from '../../../src/lib/ids/encoding';

const NOW = 1_750_000_000_000;
const HASH = 'ab'.repeat(32);
const OTHER_HASH = 'cd'.repeat(32);
const HERE = 'aGVyZS1kZXBsb3ltZW50LQ';
const ELSEWHERE = 'b3RoZXItZGVwbG95bWVudA';

async function setup() {
	const sodium = await loadSodium();
	const identity = createIdentity(sodium);
	const record = signRecord(sodium, identity, { deploymentId: HERE, handleHash: HASH, op: 'claim', ts: NOW });
	return { sodium, identity, record };
}

/** Flips one bit of a base64url field, keeping it canonical and the same length. */
function flipBit(field: string): string {
	const bytes = fromBase64Url(field) as Uint8Array;
	bytes[0] = (bytes[0] ?? 0) ^ 1;
	return toBase64Url(bytes);
}

describe('directory records', () => {
	it('round-trip: a signed record verifies and keeps its fields', async () => {
		const { sodium, identity, record } = await setup();
		expect(record).toEqual({
			v: 1,
			handleHash: HASH,
			peerId: identity.peerId,
			publicKey: toBase64Url(identity.publicKey),
			ts: NOW,
			op: 'claim',
			sig: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/)
		});
		expect(verifyRecord(sodium, record, HERE, NOW, DIRECTORY_MAX_SKEW_MS)).toEqual({ ok: true, record });
		// Survives JSON, which is how it travels and is stored.
		expect(verifyRecord(sodium, JSON.parse(JSON.stringify(record)), HERE, NOW, DIRECTORY_MAX_SKEW_MS).ok).toBe(true);
		const release = signRecord(sodium, identity, { deploymentId: HERE, handleHash: HASH, op: 'release', ts: NOW + 1 });
		expect(verifyRecord(sodium, release, HERE, NOW, DIRECTORY_MAX_SKEW_MS).ok).toBe(true);
	});

	it('signs length-prefixed fields under the directory domain label', async () => {
		const { record } = await setup();
		const bytes = recordSigningBytes(HERE, record);
		expect(new TextDecoder().decode(bytes.subarray(4, 4 + 19))).toBe('parley/directory/v2');
		expect(toHex(bytes.subarray(0, 4))).toBe('00000013');
		expect(new TextDecoder().decode(bytes.subarray(27, 27 + 22))).toBe(HERE);
		// label, deployment, v, hash, peer id, key, ts, op: 8 prefixes + 19 + 22 + 1 + 32 + 33 + 32 + 8 + 5 bytes.
		expect(bytes.length).toBe(8 * 4 + 19 + 22 + 1 + 32 + 33 + 32 + 8 + 5);
	});

	it('is bound to its deployment: a record signed for one is refused by another', async () => {
		const { sodium, record } = await setup();
		expect(verifyRecord(sodium, record, ELSEWHERE, NOW, DIRECTORY_MAX_SKEW_MS)).toMatchObject({ ok: false, reason: 'bad-signature' });
		expect(verifyLookupAnswer(sodium, record, HASH, ELSEWHERE)).toMatchObject({ ok: false, reason: 'bad-signature' });
	});

	it('drops unknown extra fields from the verified copy', async () => {
		const { sodium, record } = await setup();
		const checked = verifyRecord(sodium, { ...record, note: 'x' }, HERE, NOW, DIRECTORY_MAX_SKEW_MS);
		expect(checked).toEqual({ ok: true, record });
	});

	it('refuses a record whose key does not hash to its peer id', async () => {
		const { sodium, record } = await setup();
		const other = createIdentity(sodium);
		const forged = { ...record, peerId: other.peerId };
		expect(verifyRecord(sodium, forged, HERE, NOW, DIRECTORY_MAX_SKEW_MS)).toMatchObject({ ok: false, reason: 'peer-id-mismatch' });
		const swappedKey = { ...record, publicKey: toBase64Url(other.publicKey) };
		expect(verifyRecord(sodium, swappedKey, HERE, NOW, DIRECTORY_MAX_SKEW_MS)).toMatchObject({ ok: false, reason: 'peer-id-mismatch' });
	});

	it('refuses a consistent record signed by another key', async () => {
		const { sodium, identity, record } = await setup();
		const mallory = createIdentity(sodium);
		const byMallory = signRecord(sodium, mallory, { deploymentId: HERE, handleHash: HASH, op: 'claim', ts: NOW });
		const spliced = { ...record, sig: byMallory.sig };
		expect(verifyRecord(sodium, spliced, HERE, NOW, DIRECTORY_MAX_SKEW_MS)).toMatchObject({ ok: false, reason: 'bad-signature' });
		expect(identity.peerId).not.toBe(mallory.peerId);
	});

	it.each<[string, (record: DirectoryRecord) => object]>([
		['the signature', (r) => ({ ...r, sig: flipBit(r.sig) })],
		['the op', (r) => ({ ...r, op: 'release' })],
		['the handle hash', (r) => ({ ...r, handleHash: OTHER_HASH })],
		['the timestamp', (r) => ({ ...r, ts: r.ts + 1 })]
	])('refuses a record with tampered %s', async (_name, tamper) => {
		const { sodium, record } = await setup();
		expect(verifyRecord(sodium, tamper(record), HERE, NOW, DIRECTORY_MAX_SKEW_MS)).toMatchObject({ ok: false, reason: 'bad-signature' });
	});

	it('refuses stale and future timestamps, and accepts the window edges', async () => {
		const { sodium, record } = await setup();
		expect(verifyRecord(sodium, record, HERE, NOW + DIRECTORY_MAX_SKEW_MS, DIRECTORY_MAX_SKEW_MS).ok).toBe(true);
		expect(verifyRecord(sodium, record, HERE, NOW - DIRECTORY_MAX_SKEW_MS, DIRECTORY_MAX_SKEW_MS).ok).toBe(true);
		expect(verifyRecord(sodium, record, HERE, NOW + DIRECTORY_MAX_SKEW_MS + 1, DIRECTORY_MAX_SKEW_MS)).toMatchObject({
			ok: false,
			reason: 'clock-skew'
		});
		expect(verifyRecord(sodium, record, HERE, NOW - DIRECTORY_MAX_SKEW_MS - 1, DIRECTORY_MAX_SKEW_MS)).toMatchObject({
			ok: false,
			reason: 'clock-skew'
		});
	});

	it.each<[string, (record: DirectoryRecord) => unknown]>([
		['null', () => null],
		['an array', (r) => [r]],
		['a wrong version', (r) => ({ ...r, v: 2 })],
		['an unknown op', (r) => ({ ...r, op: 'steal' })],
		['an upper-case hash', (r) => ({ ...r, handleHash: r.handleHash.toUpperCase() })],
		['a short hash', (r) => ({ ...r, handleHash: 'ab' })],
		['a non-canonical peer id', (r) => ({ ...r, peerId: r.peerId.toUpperCase() })],
		['a padded key', (r) => ({ ...r, publicKey: `${r.publicKey}=` })],
		['a short signature', (r) => ({ ...r, sig: r.sig.slice(0, 80) })],
		['a fractional ts', (r) => ({ ...r, ts: r.ts + 0.5 })],
		['a string ts', (r) => ({ ...r, ts: String(r.ts) })],
		['a negative ts', (r) => ({ ...r, ts: -1 })],
		['a missing field', ({ sig: _sig, ...rest }) => rest]
	])('refuses %s as invalid', async (_name, mangle) => {
		const { sodium, record } = await setup();
		const checked = verifyRecord(sodium, mangle(record), HERE, NOW, DIRECTORY_MAX_SKEW_MS);
		expect(checked).toMatchObject({ ok: false, reason: 'invalid' });
		if (!checked.ok) expect(checked.detail.length).toBeGreaterThan(0);
	});

	it('refuses a non-canonical base64url key (stray low bits)', async () => {
		const { sodium, record } = await setup();
		// 32 bytes leave 2 unused low bits in the last of 43 characters; flipping the lowest sets one.
		const last = record.publicKey.at(-1) as string;
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
		const sibling = alphabet[alphabet.indexOf(last) ^ 1] as string;
		const mangled = { ...record, publicKey: record.publicKey.slice(0, -1) + sibling };
		expect(verifyRecord(sodium, mangled, HERE, NOW, DIRECTORY_MAX_SKEW_MS)).toMatchObject({ ok: false, reason: 'invalid' });
	});

	it('will not sign a malformed record', async () => {
		const { sodium, identity } = await setup();
		expect(() => signRecord(sodium, identity, { deploymentId: HERE, handleHash: 'alice', op: 'claim', ts: NOW })).toThrow();
		expect(() => signRecord(sodium, identity, { deploymentId: HERE, handleHash: HASH, op: 'claim', ts: -5 })).toThrow();
	});
});

describe('verifyLookupAnswer', () => {
	it('accepts an old claim for the hash asked for', async () => {
		const { sodium, record } = await setup();
		expect(verifyLookupAnswer(sodium, record, HASH, HERE)).toEqual({ ok: true, record });
	});

	it('refuses a claim for another hash, a release, and a forgery', async () => {
		const { sodium, identity, record } = await setup();
		expect(verifyLookupAnswer(sodium, record, OTHER_HASH, HERE)).toMatchObject({ ok: false, reason: 'invalid' });
		const release = signRecord(sodium, identity, { deploymentId: HERE, handleHash: HASH, op: 'release', ts: NOW });
		expect(verifyLookupAnswer(sodium, release, HASH, HERE)).toMatchObject({ ok: false, reason: 'invalid' });
		expect(verifyLookupAnswer(sodium, { ...record, sig: flipBit(record.sig) }, HASH, HERE)).toMatchObject({ ok: false, reason: 'bad-signature' });
	});
});
