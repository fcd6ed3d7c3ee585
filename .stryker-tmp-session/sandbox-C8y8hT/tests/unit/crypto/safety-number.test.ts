// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { formatSafetyNumber, safetyNumber } from '../../../src/lib/crypto/safety-number';
import { loadSodium } from '../../../src/lib/crypto/sodium';

describe('safety numbers', () => {
	it('are 60 digits and the same on both sides', async () => {
		const sodium = await loadSodium();
		const a = createIdentity(sodium).publicKey;
		const b = createIdentity(sodium).publicKey;
		const number = safetyNumber(sodium, a, b);
		expect(number).toMatch(/^\d{60}$/);
		expect(safetyNumber(sodium, b, a)).toBe(number);
		expect(formatSafetyNumber(number)).toHaveLength(12);
	});

	it('change when either key changes', async () => {
		const sodium = await loadSodium();
		const a = createIdentity(sodium).publicKey;
		const b = createIdentity(sodium).publicKey;
		const c = createIdentity(sodium).publicKey;
		const ab = safetyNumber(sodium, a, b);
		expect(safetyNumber(sodium, a, c)).not.toBe(ab);
		expect(safetyNumber(sodium, c, b)).not.toBe(ab);
	});
});
