// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { createIdentity, identityFromKeys, keyFingerprint } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { fromBase32, fromBase64Url, toBase32, toBase64Url } from '../../../src/lib/ids/encoding';
import { newMessageId, parseMessageId } from '../../../src/lib/ids/message-id';
import { PEER_ID_LENGTH, parsePeerId } from '../../../src/lib/ids/peer-id';

describe('peer ids', () => {
	it('are derived from the identity key, stable, and valid PeerJS ids', async () => {
		const sodium = await loadSodium();
		const identity = createIdentity(sodium);
		expect(identity.peerId).toHaveLength(PEER_ID_LENGTH);
		expect(identity.peerId).toMatch(/^[A-Za-z0-9]+$/);
		expect(identityFromKeys(sodium, identity.publicKey, identity.secretKey).peerId).toBe(identity.peerId);
		expect(createIdentity(sodium).peerId).not.toBe(identity.peerId);
	});

	it('refuse keys that do not belong together', async () => {
		const sodium = await loadSodium();
		const a = createIdentity(sodium);
		const b = createIdentity(sodium);
		expect(() => identityFromKeys(sodium, a.publicKey, b.secretKey)).toThrow(/belong/);
	});

	it('parse only canonical ids', async () => {
		const sodium = await loadSodium();
		const { peerId } = createIdentity(sodium);
		expect(parsePeerId(peerId)).toBe(peerId);
		expect(parsePeerId(`  ${peerId.toUpperCase()} `)).toBe(peerId);
		expect(parsePeerId(peerId.slice(0, -1))).toBeNull();
		expect(parsePeerId(`${peerId}a`)).toBeNull();
		expect(parsePeerId(peerId.slice(0, -1) + '1')).toBeNull();
		expect(parsePeerId(42)).toBeNull();
	});

	it('have fingerprints that differ between keys', async () => {
		const sodium = await loadSodium();
		const a = keyFingerprint(sodium, createIdentity(sodium).publicKey);
		expect(a).toMatch(/^\d{5}( \d{5}){4}$/);
		expect(keyFingerprint(sodium, createIdentity(sodium).publicKey)).not.toBe(a);
	});
});

describe('message ids', () => {
	it('are UUIDv7, unique and sortable by time', () => {
		const early = newMessageId(1_000);
		const late = newMessageId(2_000);
		expect(parseMessageId(early)).toBe(early);
		expect(early < late).toBe(true);
		const many = new Set(Array.from({ length: 1000 }, () => newMessageId(5)));
		expect(many.size).toBe(1000);
	});

	it('parse strictly', () => {
		expect(parseMessageId('00000000-0000-4000-8000-000000000000')).toBeNull();
		expect(parseMessageId(undefined)).toBeNull();
	});
});

describe('encodings', () => {
	it('round-trip base32 and base64url', () => {
		const bytes = Uint8Array.from({ length: 37 }, (_, i) => (i * 73) % 256);
		expect(fromBase32(toBase32(bytes))).toEqual(bytes);
		expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
		expect(fromBase64Url('not base64!')).toBeNull();
		expect(fromBase32('UPPER')).toBeNull();
	});
});
