import { describe, expect, it } from 'vitest';
import { contactLink, isDamagedContactFragment, looksLikeContactLink } from '../../../src/lib/ids/contact-link';
import type { PeerId } from '../../../src/lib/ids/peer-id';

const id = `p${'a'.repeat(32)}` as PeerId;
const link = contactLink('http://127.0.0.1:8787', id, 'Alice');

describe('damaged contact links', () => {
	it('a fragment that names someone to add but no valid id is damaged; a good one or none is not', () => {
		expect(isDamagedContactFragment('#add=pabc&name=Eve')).toBe(true);
		expect(isDamagedContactFragment('#add=')).toBe(true);
		expect(isDamagedContactFragment(`#add=${id}&name=Alice`)).toBe(false);
		expect(isDamagedContactFragment('')).toBe(false);
		expect(isDamagedContactFragment('#settings')).toBe(false);
		expect(isDamagedContactFragment(`#add=${'x'.repeat(600)}`)).toBe(true);
	});

	it('pasted text that was meant as a link or id is recognised, so it is not looked up as a handle', () => {
		expect(looksLikeContactLink(link.slice(0, -20))).toBe(true);
		expect(looksLikeContactLink('http://127.0.0.1:8787/')).toBe(true);
		expect(looksLikeContactLink(`${id}zz`)).toBe(true);
		expect(looksLikeContactLink(link)).toBe(false);
		expect(looksLikeContactLink(id)).toBe(false);
		expect(looksLikeContactLink('alice')).toBe(false);
		expect(looksLikeContactLink('@alice.smith')).toBe(false);
		// As long as the longest handle: could be one, so it is looked up.
		expect(looksLikeContactLink(`p${'a'.repeat(31)}`)).toBe(false);
	});
});
