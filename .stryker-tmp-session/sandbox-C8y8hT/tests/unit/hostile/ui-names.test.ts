// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { cleanName, MAX_NAME_UNITS } from '../../../src/lib/text/clean-name';
import { namesResemble } from '../../../src/lib/text/name-likeness';
import { shownName, strangerLookalike, type NamedPeer } from '../../../src/lib/text/shown-name';

const BOB = 'pbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const MALLORY = 'pmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm';

describe('cleanName: what a hostile name cannot smuggle in', () => {
	it('drops bidi overrides, embeddings, isolates and marks', () => {
		expect(cleanName('\u202Eexe.txt')).toBe('exe.txt');
		expect(cleanName('a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk\u061Cl')).toBe('abcdefghijkl');
	});

	it('drops control and zero-width characters, keeps one line', () => {
		expect(cleanName('Bo\u0000b\u0007')).toBe('Bob');
		expect(cleanName('B\u200Bo\uFEFFb\u2060')).toBe('Bob');
		expect(cleanName('Bob\nAdmin\r\n\tSupport')).toBe('Bob Admin Support');
		expect(cleanName('  Bob \u00A0\u3000  Smith\u2028 ')).toBe('Bob Smith');
		expect(cleanName('\u3164\u115F\u2800')).toBe('');
		expect(cleanName('\u202E\u200B  ')).toBe('');
	});

	it('keeps ordinary scripts and emoji intact', () => {
		for (const name of ['مریم', 'דוד', '王小明', 'Zoë', 'Ἀλέξανδρος', 'नमस्ते', 'میخواهم', '👨‍👩‍👧‍👦 family', '❤️', '👍🏽', '🏴󠁧󠁢󠁥󠁮󠁧󠁿']) {
			expect(cleanName(name)).toBe(name.normalize('NFC'));
		}
		// ZWNJ between Persian letters is spelling, not a disguise.
		expect(cleanName('می\u200Cخواهم')).toBe('می\u200Cخواهم');
		expect(cleanName('Bo\u200Cb')).toBe('Bo\u200Cb');
		expect(cleanName('\u200CBob\u200D')).toBe('Bob');
	});

	it('normalises to NFC', () => {
		expect(cleanName('Zoe\u0308')).toBe('Zoë');
	});

	it('caps stacked combining marks and the length without splitting a character', () => {
		expect(cleanName('Z' + '\u0301'.repeat(40)).length).toBeLessThanOrEqual(5);
		const long = cleanName('😀'.repeat(100));
		expect(long.length).toBeLessThanOrEqual(MAX_NAME_UNITS);
		expect(long).toBe('😀'.repeat(MAX_NAME_UNITS / 2));
		expect(cleanName('a'.repeat(200)).length).toBe(MAX_NAME_UNITS);
	});
});

describe('namesResemble', () => {
	it('catches look-alike letters, case, accents, spacing and invisible padding', () => {
		for (const fake of ['Bob', 'bob', 'B\u043Eb', 'B o b', 'Bób', 'B\u200Bob', 'b0b', '\u202EBob']) expect(namesResemble(fake, 'Bob')).toBe(true);
		expect(namesResemble('Alice', 'AIice')).toBe(true);
		expect(namesResemble('Martin', 'Rnartin')).toBe(true);
		expect(namesResemble('Charlotte', 'Charlote')).toBe(true);
	});

	it('leaves different names apart', () => {
		expect(namesResemble('Bob', 'Rob')).toBe(false);
		expect(namesResemble('Alice', 'Bob')).toBe(false);
		expect(namesResemble('', 'Bob')).toBe(false);
		expect(namesResemble('王小明', '王小红')).toBe(false);
	});
});

describe('shownName: a stranger never passes for a contact', () => {
	const contact: NamedPeer = { peerId: BOB, name: 'Bob', state: 'contact' };

	it('marks names that came from a link as unverified until the profile arrives', () => {
		const fromLink: NamedPeer = { peerId: BOB, name: 'bbbb…bbbb', suggestedName: 'Bob', state: 'contact' };
		expect(shownName(fromLink)).toMatchObject({ text: 'Bob', source: 'link' });
		expect(shownName({ ...fromLink, name: 'Bobby' })).toMatchObject({ text: 'Bobby', source: 'profile' });
		expect(shownName({ ...fromLink, nickname: 'My Bob' })).toMatchObject({ text: 'My Bob', source: 'nickname' });
	});

	it('cleans stored names when showing them (rows stored before the cleaning)', () => {
		expect(shownName({ peerId: MALLORY, name: '\u202EBob\u0000', state: 'request' })).toMatchObject({ text: 'Bob', stranger: true, shortId: 'mmmm…mmmm' });
		expect(shownName({ peerId: MALLORY, name: '\u202E', state: 'request' })).toMatchObject({ text: 'mmmm…mmmm', source: 'id' });
	});

	it('flags a stranger whose name resembles a contact, not a contact', () => {
		const people = [contact];
		expect(strangerLookalike({ peerId: MALLORY, name: 'B\u043Eb', state: 'request' }, people)).toBe('Bob');
		expect(strangerLookalike({ peerId: MALLORY, name: 'Bob', state: 'blocked' }, people)).toBe('Bob');
		expect(strangerLookalike({ peerId: MALLORY, name: 'Carol', state: 'request' }, people)).toBeNull();
		expect(strangerLookalike({ ...contact, peerId: MALLORY }, people)).toBeNull();
		expect(strangerLookalike({ peerId: MALLORY, name: 'Robert', nickname: 'Bob', state: 'request' }, [{ ...contact, name: 'bbbb…bbbb', nickname: 'Bob' }])).toBe('Bob');
	});
});
