import { describe, expect, it } from 'vitest';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { Pseudonyms } from '../../../src/lib/anonymize/pseudonyms';

const alice = 'pabcdefghijklmnopqrstuvwxyz234567';
const bob = 'pzyxwvutsrqponmlkjihgfedcba765432';

describe('Pseudonyms: speaker labels for one export', () => {
	it('are labels that do not contain the peer id', async () => {
		const label = new Pseudonyms(await loadSodium()).label(alice);
		expect(label).toMatch(/^speaker_[0-9a-f]{4}$/);
		expect(label).not.toContain(alice.slice(1, 5));
	});

	it('are stable within one export and differ between people', async () => {
		const pseudonyms = new Pseudonyms(await loadSodium());
		expect(pseudonyms.label(alice)).toBe(pseudonyms.label(alice));
		expect(pseudonyms.label(alice)).not.toBe(pseudonyms.label(bob));
	});

	it('are the same under the same key (what makes them stable) and unlinkable across exports', async () => {
		const sodium = await loadSodium();
		const key = sodium.randombytes_buf(32);
		expect(new Pseudonyms(sodium, key).label(alice)).toBe(new Pseudonyms(sodium, new Uint8Array(key)).label(alice));
		// Two exports draw two keys: over 50 people, the labels of one export tell nothing about the other's.
		const first = new Pseudonyms(sodium);
		const second = new Pseudonyms(sodium);
		const ids = Array.from({ length: 50 }, (_, i) => `p${String(i).padStart(32, 'a')}`);
		const same = ids.filter((id) => first.label(id) === second.label(id)).length;
		expect(same).toBeLessThanOrEqual(1);
	});

	it('depend on the key, not only on the id (a plain hash of a public id would be linkable)', async () => {
		const sodium = await loadSodium();
		const zero = new Pseudonyms(sodium, new Uint8Array(32)).label(alice);
		const one = new Pseudonyms(sodium, new Uint8Array(32).fill(1)).label(alice);
		expect(zero).not.toBe(one);
	});

	it('stay distinct when two people collide on the short label', async () => {
		const pseudonyms = new Pseudonyms(await loadSodium(), new Uint8Array(32));
		const labels = new Set(Array.from({ length: 2000 }, (_, i) => pseudonyms.label(`id-${i}`)));
		expect(labels.size).toBe(2000);
		expect([...labels].some((label) => label.length > 'speaker_'.length + 4)).toBe(true);
	});

	it('refuses a key of the wrong size', async () => {
		const sodium = await loadSodium();
		expect(() => new Pseudonyms(sodium, new Uint8Array(16))).toThrow(/32 bytes/);
	});
});
