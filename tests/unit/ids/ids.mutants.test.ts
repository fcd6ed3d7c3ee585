import { describe, expect, it } from 'vitest';
import { contactLink, MAX_CONTACT_INPUT_CHARS, parseContactInput, parseFragment } from '../../../src/lib/ids/contact-link';
import {
	bytesEqual,
	concatBytes,
	fromBase32,
	fromBase64Url,
	fromHex,
	toBase32,
	toBase64Url,
	toHex,
	utf8
} from '../../../src/lib/ids/encoding';
import { newMessageId, parseMessageId } from '../../../src/lib/ids/message-id';
import { PEER_ID_DOMAIN, PEER_ID_LENGTH, peerIdFromPublicKey, parsePeerId, shortPeerId, type PeerId } from '../../../src/lib/ids/peer-id';
import { MAX_NAME_CHARS } from '../../../src/lib/protocol/limits';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('base32 (RFC 4648 alphabet, lower case, no padding)', () => {
	it.each([
		['', ''],
		['f', 'my'],
		['fo', 'mzxq'],
		['foo', 'mzxw6'],
		['foob', 'mzxw6yq'],
		['fooba', 'mzxw6ytb'],
		['foobar', 'mzxw6ytboi']
	])('"%s" is "%s" both ways', (plain, encoded) => {
		expect(toBase32(bytes(plain))).toBe(encoded);
		expect(fromBase32(encoded)).toEqual(bytes(plain));
	});

	it('uses every symbol of the alphabet and keeps long inputs exact', () => {
		const all = 'abcdefghijklmnopqrstuvwxyz234567';
		const decoded = fromBase32(all);
		expect(decoded).toHaveLength(20);
		expect(toBase32(decoded ?? new Uint8Array(0))).toBe(all);
		const long = Uint8Array.from({ length: 64 }, (_, i) => 255 - i);
		expect(fromBase32(toBase32(long))).toEqual(long);
	});

	it.each(['a1', 'a=', 'A', 'a b'])('refuses "%s"', (text) => {
		expect(fromBase32(text)).toBeNull();
	});
});

describe('hex', () => {
	it('encodes every byte as two lower-case digits, zero-padded', () => {
		expect(toHex(Uint8Array.of(0, 1, 15, 16, 171, 255))).toBe('00010f10abff');
		expect(fromHex('00010f10abff')).toEqual(Uint8Array.of(0, 1, 15, 16, 171, 255));
		expect(fromHex('')).toEqual(new Uint8Array(0));
	});

	it.each(['0', 'abc', 'AB', 'zz', ' 00', '00 '])('refuses "%s"', (text) => {
		expect(fromHex(text)).toBeNull();
	});
});

describe('base64url', () => {
	it.each([
		[Uint8Array.of(0xfb, 0xff), '-_8'],
		[Uint8Array.of(0xfa), '-g'],
		[bytes('foob'), 'Zm9vYg'],
		[new Uint8Array(0), '']
	])('uses - and _ and drops the padding', (plain, encoded) => {
		expect(toBase64Url(plain)).toBe(encoded);
		expect(fromBase64Url(encoded)).toEqual(plain);
	});

	it.each(['+_8', '/w', 'Zm9vYg==', 'Zm9 vYg', 'a'])('refuses "%s"', (text) => {
		expect(fromBase64Url(text)).toBeNull();
	});
});

describe('byte helpers', () => {
	it('compares by length and every byte', () => {
		expect(bytesEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3))).toBe(true);
		expect(bytesEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
		expect(bytesEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2))).toBe(false);
		expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(false);
		expect(bytesEqual(Uint8Array.of(9, 2, 3), Uint8Array.of(1, 2, 3))).toBe(false);
		expect(bytesEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 9))).toBe(false);
	});

	it('concatenates in order', () => {
		expect(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3), Uint8Array.of(4))).toEqual(Uint8Array.of(1, 2, 3, 4));
		expect(concatBytes()).toEqual(new Uint8Array(0));
		expect(utf8('é')).toEqual(Uint8Array.of(0xc3, 0xa9));
	});
});

describe('message ids', () => {
	it('carry the time in their first 48 bits, then version 7, the variant, and the random bytes', () => {
		const random = (length: number) => new Uint8Array(length).fill(0xff);
		expect(newMessageId(0x0123_4567_89ab, random)).toBe('01234567-89ab-7fff-bfff-ffffffffffff');
		const zeros = (length: number) => new Uint8Array(length);
		expect(newMessageId(1, zeros)).toBe('00000000-0001-7000-8000-000000000000');
	});

	it('clamp a clock before the epoch to 0 and drop fractions of a millisecond', () => {
		const zeros = (length: number) => new Uint8Array(length);
		expect(newMessageId(-5, zeros)).toBe('00000000-0000-7000-8000-000000000000');
		expect(newMessageId(255.9, zeros)).toBe('00000000-00ff-7000-8000-000000000000');
		expect(newMessageId(256, zeros)).toBe('00000000-0100-7000-8000-000000000000');
	});

	it('parse only whole lower-case UUIDv7 strings', () => {
		const id = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
		expect(parseMessageId(id)).toBe(id);
		expect(parseMessageId(id.toUpperCase())).toBeNull();
		expect(parseMessageId(`x${id}`)).toBeNull();
		expect(parseMessageId(`${id}x`)).toBeNull();
		expect(parseMessageId('0190a1b2-c3d4-7e5f-ca6b-7c8d9e0f1a2b')).toBeNull();
		expect(parseMessageId(7)).toBeNull();
		// Only a string is an id, not something that turns into one.
		expect(parseMessageId([id])).toBeNull();
		expect(parseMessageId({ toString: () => id })).toBeNull();
	});
});

describe('peer ids', () => {
	it('hash the key to 20 bytes under the peer-id domain, prefixed with p', () => {
		const seen: unknown[] = [];
		const hash = (length: number, message: Uint8Array, key: Uint8Array) => {
			seen.push(length, message, new TextDecoder().decode(key));
			return new Uint8Array(length);
		};
		const key = Uint8Array.of(1, 2, 3);
		const id = peerIdFromPublicKey(key, hash);
		expect(seen).toEqual([20, key, PEER_ID_DOMAIN]);
		expect(PEER_ID_DOMAIN).toBe('parley/peer-id/v1');
		expect(id).toBe(`p${'a'.repeat(32)}`);
		expect(PEER_ID_LENGTH).toBe(33);
		expect(parsePeerId(id)).toBe(id);
	});

	it('parse only strings of the exact form', () => {
		const id = `p${'a'.repeat(31)}q`;
		expect(parsePeerId(id)).toBe(id);
		expect(parsePeerId(`q${'a'.repeat(32)}`)).toBeNull();
		expect(parsePeerId(`xp${'a'.repeat(32)}`)).toBeNull();
		expect(parsePeerId(`p${'a'.repeat(32)}x`)).toBeNull();
		expect(parsePeerId(`p${'a'.repeat(31)}1`)).toBeNull();
		expect(parsePeerId(null)).toBeNull();
	});

	it('shorten to four characters after the prefix and the last four', () => {
		expect(shortPeerId('pabcdefghijklmnopqrstuvwxyz234567' as PeerId)).toBe('abcd…4567');
	});
});

describe('contact links', () => {
	const peer = `p${'b'.repeat(31)}a` as PeerId;

	it('carry the id and the name (cut to the name limit) in the fragment', () => {
		expect(contactLink('https://chat.example', peer, 'Ann Lee')).toBe(`https://chat.example/#add=${peer}&name=Ann+Lee`);
		const long = contactLink('https://x', peer, 'n'.repeat(MAX_NAME_CHARS + 5));
		expect(long).toBe(`https://x/#add=${peer}&name=${'n'.repeat(MAX_NAME_CHARS)}`);
		expect(parseContactInput(long)).toEqual({ peerId: peer, name: 'n'.repeat(MAX_NAME_CHARS) });
	});

	it('accept a bare id, a link, or a fragment with or without #', () => {
		expect(parseContactInput(`  ${peer}\n`)).toEqual({ peerId: peer });
		expect(parseContactInput(`https://x/#add=${peer}&name=%20Bo%20`)).toEqual({ peerId: peer, name: 'Bo' });
		expect(parseFragment(`#add=${peer}`)).toEqual({ peerId: peer });
		expect(parseFragment(`add=${peer}&name=`)).toEqual({ peerId: peer });
		expect(parseFragment(`add=${peer}&name=${'m'.repeat(MAX_NAME_CHARS + 1)}`)).toEqual({ peerId: peer, name: 'm'.repeat(MAX_NAME_CHARS) });
	});

	it('refuse empty input, text without a fragment, and a fragment without a valid id', () => {
		expect(parseContactInput('   ')).toBeNull();
		expect(parseContactInput(`https://x/?add=${peer}`)).toBeNull();
		expect(parseContactInput('https://x/#add=nope')).toBeNull();
		expect(parseFragment('name=Bo')).toBeNull();
		// A fragment's fields without the # are not a link.
		expect(parseContactInput(`add=${peer}`)).toBeNull();
	});

	it('strips only a leading # from a fragment', () => {
		expect(parseFragment(`add=${peer}&name=C#`)).toEqual({ peerId: peer, name: 'C#' });
	});

	it(`refuse input longer than ${MAX_CONTACT_INPUT_CHARS} characters, and take it up to that`, () => {
		const fragment = `add=${peer}&x=`;
		const exact = fragment + 'y'.repeat(MAX_CONTACT_INPUT_CHARS - fragment.length);
		expect(parseFragment(exact)).toEqual({ peerId: peer });
		expect(parseFragment(`${exact}y`)).toBeNull();
		const link = `#${fragment}`;
		const exactLink = link + 'y'.repeat(MAX_CONTACT_INPUT_CHARS - link.length);
		expect(parseContactInput(exactLink)).toEqual({ peerId: peer });
		expect(parseContactInput(`${exactLink}y`)).toBeNull();
		// Surrounding white space is not counted.
		expect(parseContactInput(`   ${exactLink}\n`)).toEqual({ peerId: peer });
	});
});
