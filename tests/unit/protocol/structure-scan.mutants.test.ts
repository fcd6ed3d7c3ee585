import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { scanStructure, type StructureLimits } from '../../../src/lib/protocol/structure-scan';

// Small limits so every bound can be met exactly and then passed by one.
const LIMITS: StructureLimits = {
	maxDepth: 2,
	maxArrayLength: 4,
	maxMapSize: 3,
	maxItems: 12,
	maxStringBytes: 5,
	maxBinaryBytes: 3
};

const scan = (...bytes: number[]) => scanStructure(Uint8Array.from(bytes), LIMITS);
const accepted = { ok: true };
const refused = (detail: string) => ({ ok: false, detail });

describe('structure scan: scalars take exactly the bytes their type byte says', () => {
	it.each([
		['positive fixint', [0x7f]],
		['negative fixint', [0xe0]],
		['nil', [0xc0]],
		['false', [0xc2]],
		['true', [0xc3]]
	])('%s stands alone', (_name, bytes) => {
		expect(scan(...bytes)).toEqual(accepted);
		expect(scan(...bytes, 0x01)).toEqual(refused('trailing bytes'));
	});

	it.each([
		[0xcc, 1], [0xd0, 1],
		[0xcd, 2], [0xd1, 2],
		[0xca, 4], [0xce, 4], [0xd2, 4],
		[0xcb, 8], [0xcf, 8], [0xd3, 8]
	])('type byte %d is followed by %i bytes', (head, width) => {
		const body = new Array<number>(width).fill(7);
		expect(scan(head, ...body)).toEqual(accepted);
		expect(scan(head, ...body.slice(1))).toEqual(refused('truncated value'));
		expect(scan(head, ...body, 0x01)).toEqual(refused('trailing bytes'));
	});

	it.each([0xc1, 0xc7, 0xc8, 0xc9, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8])('refuses type byte %d (reserved or extension)', (head) => {
		expect(scan(head, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)).toEqual(refused(`type byte 0x${head.toString(16)} not allowed`));
	});
});

describe('structure scan: strings and binaries', () => {
	it('reads a fixstr length from the low five bits and bounds it', () => {
		expect(scanStructure(encode('abcde'), LIMITS)).toEqual(accepted);
		expect(scanStructure(encode('abcdef'), LIMITS)).toEqual(refused('string of 6 bytes'));
		expect(scanStructure(encode('x'.repeat(31)), { ...LIMITS, maxStringBytes: 31 })).toEqual(accepted);
		expect(scan(0xa3, 0x61, 0x62)).toEqual(refused('truncated value'));
	});

	it.each([
		['str 8', [0xd9, 5], 'string'],
		['str 16', [0xda, 0, 5], 'string'],
		['str 32', [0xdb, 0, 0, 0, 5], 'string'],
		['bin 8', [0xc4, 3], 'binary'],
		['bin 16', [0xc5, 0, 3], 'binary'],
		['bin 32', [0xc6, 0, 0, 0, 3], 'binary']
	])('%s: length field read at its width, payload bounded by its kind', (_name, head, kind) => {
		const length = head[head.length - 1] ?? 0;
		const payload = new Array<number>(length).fill(0x61);
		expect(scan(...head, ...payload)).toEqual(accepted);
		expect(scan(...head, ...payload.slice(1))).toEqual(refused('truncated value'));
		expect(scan(...head, ...payload, 0x61)).toEqual(refused('trailing bytes'));
		const over = [...head];
		over[over.length - 1] = length + 1;
		expect(scan(...over, ...payload, 0x61)).toEqual(refused(`${kind} of ${length + 1} bytes`));
	});

	it.each([
		['str 8', [0xd9]],
		['str 16', [0xda, 0]],
		['bin 32', [0xc6, 0, 0, 0]],
		['array 16', [0xdc, 0]],
		['map 32', [0xdf, 0, 0]]
	])('%s with its length field cut short is truncated', (_name, bytes) => {
		expect(scan(...bytes)).toEqual(refused('truncated length'));
	});

	it('a zero-length string or binary is fine', () => {
		expect(scan(0xa0)).toEqual(accepted);
		expect(scan(0xc4, 0)).toEqual(accepted);
	});
});

describe('structure scan: containers', () => {
	it.each([
		['fixarray', [0x94], [0x95]],
		['array 16', [0xdc, 0, 4], [0xdc, 0, 5]],
		['array 32', [0xdd, 0, 0, 0, 4], [0xdd, 0, 0, 0, 5]]
	])('%s holds exactly its declared count, up to the bound', (_name, head, over) => {
		expect(scan(...head, 1, 2, 3, 4)).toEqual(accepted);
		expect(scan(...head, 1, 2, 3)).toEqual(refused('truncated'));
		expect(scan(...head, 1, 2, 3, 4, 5)).toEqual(refused('trailing bytes'));
		expect(scan(...over, 1, 2, 3, 4, 5)).toEqual(refused('array of 5'));
	});

	it('reads a fixarray count from the low four bits', () => {
		const fifteen = Array.from({ length: 15 }, (_, i) => i);
		expect(scanStructure(encode(fifteen), { ...LIMITS, maxArrayLength: 15, maxItems: 16 })).toEqual(accepted);
	});

	it.each([
		['fixmap', [0x83], [0x84]],
		['map 16', [0xde, 0, 3], [0xde, 0, 4]],
		['map 32', [0xdf, 0, 0, 0, 3], [0xdf, 0, 0, 0, 4]]
	])('%s holds key/value pairs, up to the bound', (_name, head, over) => {
		const pairs = [0xa1, 0x61, 1, 0xa1, 0x62, 2, 0xa1, 0x63, 3];
		expect(scan(...head, ...pairs)).toEqual(accepted);
		expect(scan(...head, ...pairs.slice(0, -1))).toEqual(refused('truncated'));
		expect(scan(...over, ...pairs, 0xa1, 0x64, 4)).toEqual(refused('map of 4'));
	});

	it('reads a fixmap size from the low four bits', () => {
		const fifteen = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`k${i}`, i]));
		expect(scanStructure(encode(fifteen), { ...LIMITS, maxMapSize: 15, maxItems: 31 })).toEqual(accepted);
	});

	it('requires every map key to be a string, at any depth, but not the values', () => {
		expect(scanStructure(encode({ a: 1, b: [1, 2] }), LIMITS)).toEqual(accepted);
		expect(scanStructure(encode({ a: 'x', b: 'y' }), LIMITS)).toEqual(accepted);
		expect(scan(0x81, 0x01, 0x02)).toEqual(refused('map key is not a string'));
		expect(scan(0x82, 0xa1, 0x61, 0x01, 0x02, 0x03)).toEqual(refused('map key is not a string'));
		expect(scan(0x81, 0xa1, 0x61, 0x81, 0xc0, 0x01)).toEqual(refused('map key is not a string'));
		// Array items are values, and a map's keys stay keys after a nested array ends.
		expect(scan(0x92, 0x01, 0x02)).toEqual(accepted);
		expect(scan(0x82, 0xa1, 0x61, 0x91, 0x01, 0x01, 0x02)).toEqual(refused('map key is not a string'));
	});

	it('allows containers down to the depth bound and not one level more, empty ones included', () => {
		expect(scan(0x91, 0x91, 0x01)).toEqual(accepted);
		expect(scan(0x91, 0x90)).toEqual(accepted);
		expect(scan(0x90)).toEqual(accepted);
		expect(scan(0x91, 0x91, 0x91, 0x01)).toEqual(refused('nested deeper than 2'));
		expect(scan(0x91, 0x91, 0x90)).toEqual(refused('nested deeper than 2'));
		expect(scan(0x91, 0x91, 0x80)).toEqual(refused('nested deeper than 2'));
	});

	it('counts every value, keys and containers included, up to the item bound', () => {
		// One array holding four arrays of two: 1 + 4 + 8 = 13 items, one past the bound of 12.
		const thirteen = [0x94, 0x92, 1, 1, 0x92, 1, 1, 0x92, 1, 1, 0x92, 1, 1];
		expect(scan(...thirteen)).toEqual(refused('more than 12 items'));
		expect(scanStructure(Uint8Array.from(thirteen), { ...LIMITS, maxItems: 13 })).toEqual(accepted);
	});

	it('refuses empty input and a container whose items never come', () => {
		expect(scan()).toEqual(refused('truncated'));
		expect(scan(0x92, 0x01)).toEqual(refused('truncated'));
	});

	it('reads a frame that sits inside a larger buffer', () => {
		const outer = Uint8Array.of(0xff, 0xdc, 0, 1, 0x01, 0xff);
		expect(scanStructure(outer.subarray(1, 5), LIMITS)).toEqual(accepted);
	});
});
