import { decode, encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { FRAME_STRUCTURE } from '../../../src/lib/protocol/limits';
import { scanStructure } from '../../../src/lib/protocol/structure-scan';

/** Small seeded generator (mulberry32) so a failing case can be replayed. */
function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const honest = [
	{ t: 'msg', id: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b', seq: 70_000, ts: Date.now(), body: { kind: 'text', text: 'é'.repeat(300) }, v: 2 },
	{ t: 'edit', id: 'a', target: 'b', version: 1, ts: -1, text: 'x' },
	{ t: 'ping', n: 2 ** 40 },
	{ t: 'pong', n: 0.5 },
	{ t: 'auth', sig: new Uint8Array(64) },
	{ t: 'profile', name: 'Ａｌｉｃｅ' }
];

describe('structure scan', () => {
	it('accepts every honest frame encoding', () => {
		for (const frame of honest) expect(scanStructure(encode(frame), FRAME_STRUCTURE)).toEqual({ ok: true });
	});

	it.each([
		['truncated', encode({ t: 'ping', n: 1 }).subarray(0, 5)],
		['trailing bytes', Uint8Array.of(...encode({ t: 'ping', n: 1 }), 0)],
		['an extension type', Uint8Array.of(0x81, 0xa1, 0x74, 0xd4, 1, 1)],
		['a huge declared array', Uint8Array.of(0xdd, 0xff, 0xff, 0xff, 0xff)],
		['a huge declared string', Uint8Array.of(0xdb, 0x7f, 0xff, 0xff, 0xff)],
		// The largest binary a frame carries is a file message's preview (MAX_THUMB_BYTES, PROTOCOL §13a).
		['an oversized binary', encode({ t: 'auth', sig: new Uint8Array(FRAME_STRUCTURE.maxBinaryBytes + 1) })],
		['the reserved byte', Uint8Array.of(0xc1)],
		['nothing at all', new Uint8Array(0)]
	])('refuses %s', (_name, bytes) => {
		expect(scanStructure(bytes, FRAME_STRUCTURE).ok).toBe(false);
	});

	it('never throws on random and mutated input, and what it accepts decodes within bounds (seed 8)', () => {
		const random = seeded(8);
		const seeds = honest.map((frame) => encode(frame));
		for (let i = 0; i < 20_000; i++) {
			let bytes: Uint8Array;
			if (i % 2 === 0) {
				bytes = Uint8Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256));
			} else {
				bytes = seeds[i % seeds.length]!.slice();
				for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
			}
			const result = scanStructure(bytes, FRAME_STRUCTURE);
			if (result.ok) expect(() => decode(bytes, { maxExtLength: 0, maxArrayLength: 512, maxMapLength: 16 })).not.toThrow();
		}
	});
});
