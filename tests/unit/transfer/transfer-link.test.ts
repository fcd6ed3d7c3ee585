import { beforeAll, describe, expect, it } from 'vitest';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import { peerIdFromPublicKey } from '../../../src/lib/ids/peer-id';
import { newTransferCode, parseTransferLink, takeTransferFragment, transferLink } from '../../../src/lib/transfer/transfer-link';

let sodium: Sodium;
beforeAll(async () => {
	sodium = await loadSodium();
});

describe('transfer link', () => {
	it('round-trips a fresh code, with the secret only in the fragment', () => {
		const { code, signingKey } = newTransferCode(sodium);
		expect(code.peerId).toBe(peerIdFromPublicKey(signingKey.publicKey, (length, message, key) => sodium.crypto_generichash(length, message, key)));
		const link = transferLink('https://parley.example', code);
		expect(link.split('#')[0]).toBe('https://parley.example/');
		expect(parseTransferLink(link)).toEqual(code);
		expect(parseTransferLink(link.slice(link.indexOf('#') + 1))).toEqual(code);
	});

	it('gives a new throwaway id and secret each time', () => {
		const [a, b] = [newTransferCode(sodium).code, newTransferCode(sodium).code];
		expect(a.peerId).not.toBe(b.peerId);
		expect(a.secret).not.toEqual(b.secret);
	});

	it('refuses anything that is not exactly a code', () => {
		const link = transferLink('https://x', newTransferCode(sodium).code);
		const [base, secret] = link.split('.') as [string, string];
		expect(parseTransferLink(`${base}.${secret.slice(1)}`)).toBeNull();
		expect(parseTransferLink(`${base}.${secret}A`)).toBeNull();
		expect(parseTransferLink(`${base}.${secret}.x`)).toBeNull();
		expect(parseTransferLink(link.replace('transfer=', 'invite='))).toBeNull();
		expect(parseTransferLink(link.replace('transfer=p', 'transfer=P'))).toBeNull();
		expect(parseTransferLink(link + ' '.repeat(600))).toBeNull();
		expect(parseTransferLink(42)).toBeNull();
	});

	it('refuses a second spelling of the same secret (unused low bits set)', () => {
		const link = transferLink('https://x', { peerId: newTransferCode(sodium).code.peerId, secret: new Uint8Array(32) });
		expect(link.endsWith('A')).toBe(true);
		expect(parseTransferLink(link)).not.toBeNull();
		expect(parseTransferLink(link.slice(0, -1) + 'B')).toBeNull();
	});

	it('takes a page fragment meant as a transfer link, whole or damaged, and leaves others alone', () => {
		const { code } = newTransferCode(sodium);
		const hash = transferLink('https://parley.example', code).slice('https://parley.example/'.length);
		expect(takeTransferFragment(hash)).toEqual({ code });
		expect(takeTransferFragment(hash.slice(0, -3))).toEqual({ code: null });
		expect(takeTransferFragment('#add=' + code.peerId)).toBeNull();
		expect(takeTransferFragment('')).toBeNull();
	});
});
