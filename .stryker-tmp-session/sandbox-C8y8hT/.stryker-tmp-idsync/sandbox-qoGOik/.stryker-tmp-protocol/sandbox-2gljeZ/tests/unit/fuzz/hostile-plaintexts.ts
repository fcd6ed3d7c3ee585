// @ts-nocheck
// 
// 
import { encode } from '@msgpack/msgpack';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import { MAX_ACK_IDS, MAX_CONVERSATION_ID_CHARS, MAX_NAME_CHARS, MAX_TEXT_CHARS } from '../../../src/lib/protocol/limits';
import { between } from '../../e2e/seeded-random';

// Plaintexts a peer holding a real session key can make the victim decode. Everything here is
// INVALID BY CONSTRUCTION (no generator consults the victim's decoder), so a test can demand
// that each one is refused and writes nothing. Shared with bench/hostile-frames.ts.

export type Random = () => number;

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const hex = (random: Random, n: number) => {
	let out = '';
	while (out.length < n) out += HEX[Math.floor(random() * 256)];
	return out.slice(0, n);
};

/** A random RFC 4122 v4 UUID: the right shape, the wrong version for a message id. */
export function uuidV4(random: Random): string {
	return `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`;
}

/** A valid UUIDv7 message id drawn from the seeded generator, so a run replays exactly. */
export function seededMessageId(random: Random): MessageId {
	return newMessageId(1_700_000_000_000 + Math.floor(random() * 1e11), (length) => Uint8Array.from({ length }, () => Math.floor(random() * 256)));
}

/** `[[[[…nil…]]]]`: one msgpack fixarray header per byte, `bytes` long in all. */
export function nestedArrays(bytes: number): Uint8Array {
	const out = new Uint8Array(bytes).fill(0x91);
	out[bytes - 1] = 0xc0;
	return out;
}

/** `{t: {t: {t: …nil…}}}`: three bytes per level, about `bytes` long. */
export function nestedMaps(bytes: number): Uint8Array {
	const levels = Math.floor((bytes - 1) / 3);
	const out = new Uint8Array(levels * 3 + 1);
	for (let i = 0; i < levels; i++) out.set([0x81, 0xa1, 0x74], i * 3);
	out[levels * 3] = 0xc0;
	return out;
}

export const ackOfInvalidIds = (random: Random, count = 1024) => encode({ t: 'ack', ids: Array.from({ length: count }, () => uuidV4(random)) });
export const ackOfUnknownIds = (random: Random, count = MAX_ACK_IDS) => encode({ t: 'ack', ids: Array.from({ length: count }, () => seededMessageId(random)) });

export function validMessage(random: Random, text = 'hello'): Record<string, unknown> {
	return { t: 'msg', id: seededMessageId(random), seq: between(random, 1, 1_000_000), ts: Date.now(), body: { kind: 'text', text } };
}

/** Frames that ARE valid by schema: seeds for mutation, and what a well-behaved peer sends. */
export function validFrameValue(random: Random): Record<string, unknown> {
	switch (between(random, 0, 5)) {
		case 0:
			return validMessage(random, 'x'.repeat(between(random, 1, 300)));
		case 1:
			return { t: 'edit', id: seededMessageId(random), target: seededMessageId(random), version: between(random, 1, 9), ts: Date.now(), text: 'edited' };
		case 2:
			return { t: 'ack', ids: Array.from({ length: between(random, 1, 8) }, () => seededMessageId(random)) };
		case 3:
			return { t: 'profile', name: 'Mallory' };
		case 4:
			return { t: 'ping', n: between(random, 0, 1e9) };
		default:
			return { t: 'pong', n: between(random, 0, 1e9) };
	}
}

const TEXT_LIMIT = MAX_TEXT_CHARS;

/** One field of a valid frame made wrong: the rest of the frame stays plausible. */
const BAD_FIELDS: ((random: Random) => Record<string, unknown>)[] = [
	(r) => ({ ...validMessage(r), id: uuidV4(r) }),
	(r) => ({ ...validMessage(r), id: 12345 }),
	(r) => ({ ...validMessage(r), seq: 0 }),
	(r) => ({ ...validMessage(r), seq: -between(r, 1, 1e6) }),
	(r) => ({ ...validMessage(r), seq: 1.5 }),
	(r) => ({ ...validMessage(r), seq: Number.NaN }),
	(r) => ({ ...validMessage(r), seq: Number.POSITIVE_INFINITY }),
	(r) => ({ ...validMessage(r), seq: 2 ** 64 }),
	(r) => ({ ...validMessage(r), ts: -1 }),
	(r) => ({ ...validMessage(r), ts: 'yesterday' }),
	(r) => ({ ...validMessage(r), body: { kind: 'text', text: '' } }),
	(r) => ({ ...validMessage(r), body: { kind: 'text', text: 'y'.repeat(TEXT_LIMIT + 1) } }),
	(r) => ({ ...validMessage(r), body: { kind: 'file', text: 'x' } }),
	(r) => ({ ...validMessage(r), body: { kind: 'text', text: new Uint8Array(8) } }),
	(r) => ({ ...validMessage(r), body: null }),
	(r) => ({ ...validMessage(r), body: undefined }),
	(r) => ({ ...validMessage(r), conv: 'c'.repeat(MAX_CONVERSATION_ID_CHARS + 1) }),
	(r) => ({ ...validMessage(r), conv: 7 }),
	(r) => ({ ...validMessage(r), v: -1 }),
	(r) => ({ t: 'msg', id: seededMessageId(r), seq: between(r, 1, 9) }),
	(r) => ({ t: 'edit', id: seededMessageId(r), target: uuidV4(r), version: 1, ts: 1, text: 'x' }),
	(r) => ({ t: 'edit', id: seededMessageId(r), target: seededMessageId(r), version: 0, ts: 1, text: 'x' }),
	(r) => ({ t: 'edit', id: seededMessageId(r), target: seededMessageId(r), version: 1, ts: 1, text: '' }),
	(r) => ({ t: 'edit', id: seededMessageId(r), target: seededMessageId(r), version: 1, ts: 1, text: 'z'.repeat(TEXT_LIMIT + 1) }),
	(r) => ({ t: 'edit', id: seededMessageId(r), target: [seededMessageId(r)], version: 1, ts: 1, text: 'x' }),
	() => ({ t: 'ack', ids: [] }),
	(r) => ({ t: 'ack', ids: Array.from({ length: MAX_ACK_IDS + 1 }, () => seededMessageId(r)) }),
	(r) => ({ t: 'ack', ids: [...Array.from({ length: between(r, 0, 40) }, () => seededMessageId(r)), uuidV4(r)] }),
	() => ({ t: 'ack', ids: 'all of them' }),
	(r) => ({ t: 'ack', ids: [between(r, 0, 1e9)] }),
	() => ({ t: 'profile', name: '' }),
	() => ({ t: 'profile', name: '   \t  ' }),
	() => ({ t: 'profile', name: 'n'.repeat(MAX_NAME_CHARS + 1) }),
	() => ({ t: 'profile', name: 42 }),
	() => ({ t: 'ping', n: -1 }),
	() => ({ t: 'pong', n: 'x' }),
	() => ({ t: 'hello', v: 1, id: new Uint8Array(32), eph: new Uint8Array(32) }),
	() => ({ t: 'auth', sig: new Uint8Array(64) }),
	() => ({ t: 'constructor' }),
	() => ({ t: '__proto__' }),
	() => ({ t: 'toString' }),
	() => ({ t: 7 }),
	() => ({ t: null }),
	() => ({ type: 'msg' }),
	() => ({})
];

/**
 * Sizes for the costly shapes: mostly small, now and then the largest, so the default run stays
 * quick on today's decoder while still hitting the worst case (bench/hostile-frames.ts times it).
 */
const heavySize = (random: Random, min: number, max: number) => between(random, min, random() < 0.03 ? max : Math.min(max, 2048));

/** Not a map at all, or not msgpack at all. */
const WRONG_SHAPES: ((random: Random) => Uint8Array)[] = [
	() => new Uint8Array(0),
	() => encode(null),
	() => encode(true),
	(r) => encode(between(r, 0, 1e9)),
	() => encode('msg'),
	() => encode(new Uint8Array(16)),
	(r) => encode(Array.from({ length: between(r, 0, 1024) }, () => null)),
	(r) => nestedArrays(heavySize(r, 2, 65_000)),
	(r) => nestedMaps(heavySize(r, 4, 65_000)),
	(r) => ackOfInvalidIds(r, heavySize(r, 1, 1024)),
	// Length prefixes far beyond the bytes that follow, or beyond the decoder's limits.
	() => Uint8Array.of(0xdd, 0xff, 0xff, 0xff, 0xff, 0xc0),
	() => Uint8Array.of(0xdf, 0xff, 0xff, 0xff, 0xff, 0xa1, 0x74, 0xa3, 0x6d, 0x73, 0x67),
	() => Uint8Array.of(0xdb, 0x7f, 0xff, 0xff, 0xff, 0x61),
	() => Uint8Array.of(0xc6, 0xff, 0xff, 0xff, 0xff, 0x00),
	() => Uint8Array.of(0xc9, 0x00, 0x00, 0x10, 0x00, 0x01),
	() => Uint8Array.of(0xd6, 0xff, 0x00, 0x00, 0x00, 0x00),
	() => Uint8Array.of(0xc1),
	// 33 keys: over the decoder's map limit.
	() => encode(Object.fromEntries([['t', 'msg'], ...Array.from({ length: 32 }, (_, i) => [`k${i}`, i])])),
	// A __proto__ key, and a valid frame followed by trailing bytes.
	() => Uint8Array.of(0x82, 0xa1, 0x74, 0xa4, 0x70, 0x69, 0x6e, 0x67, 0xa9, ...new TextEncoder().encode('__proto__'), 0x80),
	(r) => {
		const valid = encode(validMessage(r));
		return Uint8Array.of(...valid, 0xc0);
	}
];

export interface HostilePlaintext {
	kind: string;
	bytes: Uint8Array;
}

/** One invalid plaintext: a valid-looking frame with one bad field, or a wrong shape. */
export function hostilePlaintext(random: Random): HostilePlaintext {
	if (random() < 0.6) {
		const index = between(random, 0, BAD_FIELDS.length - 1);
		return { kind: `bad-field#${index}`, bytes: encode(BAD_FIELDS[index]!(random)) };
	}
	const index = between(random, 0, WRONG_SHAPES.length - 1);
	return { kind: `wrong-shape#${index}`, bytes: WRONG_SHAPES[index]!(random) };
}
