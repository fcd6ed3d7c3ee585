// @ts-nocheck
// 
// 
import { SEALED_HEADER_BYTES } from '../../../src/lib/crypto/session-cipher';
import { between } from '../../e2e/seeded-random';
import type { Random } from './hostile-plaintexts';

/** Largest frame a data channel would carry at all (Chromium's SCTP message limit). */
export const MAX_WIRE_BYTES = 256 * 1024;

export function randomBytes(random: Random, length: number): Uint8Array {
	const words = new Uint32Array(Math.ceil(length / 4));
	for (let i = 0; i < words.length; i++) words[i] = Math.floor(random() * 2 ** 32);
	return new Uint8Array(words.buffer, 0, length);
}

/** Mostly small, some medium, a few at or past the frame limit. */
export function randomLength(random: Random, max: number): number {
	const roll = random();
	if (roll < 0.8) return between(random, 0, 256);
	if (roll < 0.95) return between(random, 257, 4096);
	return between(random, 4097, max);
}

const concat = (...parts: Uint8Array[]) => {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
};

/** msgpack header bytes that carry a length or a count: where a tampered prefix does harm. */
const LENGTH_HEADERS = new Set([0xc4, 0xc5, 0xc6, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf]);
const isFixLength = (b: number) => (b >= 0x80 && b <= 0x9f) || (b >= 0xa0 && b <= 0xbf);

function tamperLength(random: Random, bytes: Uint8Array): Uint8Array {
	const out = bytes.slice();
	const positions = [...out.keys()].filter((i) => LENGTH_HEADERS.has(out[i]!) || isFixLength(out[i]!));
	if (positions.length === 0) return flipBits(random, out);
	const at = positions[between(random, 0, positions.length - 1)]!;
	const header = out[at]!;
	if (isFixLength(header)) {
		// Keep the type nibble, change the count: a fixmap of 3 becomes a fixmap of 15, etc.
		const base = header >= 0xa0 ? 0xa0 : header >= 0x90 ? 0x90 : 0x80;
		const span = base === 0xa0 ? 31 : 15;
		out[at] = base + between(random, 0, span);
	} else {
		for (let i = at + 1; i < Math.min(out.length, at + 5); i++) out[i] = random() < 0.5 ? 0xff : Math.floor(random() * 256);
	}
	return out;
}

function flipBits(random: Random, bytes: Uint8Array): Uint8Array {
	const out = bytes.slice();
	if (out.length === 0) return Uint8Array.of(Math.floor(random() * 256));
	const flips = between(random, 1, 8);
	for (let i = 0; i < flips; i++) {
		const at = between(random, 0, out.length - 1);
		out[at] = out[at]! ^ (1 << between(random, 0, 7));
	}
	return out;
}

/**
 * One structural mutation of a byte string: bit flips, truncation, a splice from another frame,
 * a repeated or deleted run, random bytes inserted, or a tampered length prefix. Always returns
 * bytes that differ from the input.
 */
export function mutate(random: Random, bytes: Uint8Array, donor: Uint8Array): Uint8Array {
	let out: Uint8Array;
	const cut = () => between(random, 0, bytes.length);
	switch (between(random, 0, 6)) {
		case 0:
			out = flipBits(random, bytes);
			break;
		case 1:
			out = bytes.slice(0, between(random, 0, Math.max(0, bytes.length - 1)));
			break;
		case 2: {
			const from = between(random, 0, donor.length);
			out = concat(bytes.subarray(0, cut()), donor.subarray(from, from + between(random, 1, 64)), bytes.subarray(cut()));
			break;
		}
		case 3: {
			const at = cut();
			const run = bytes.subarray(at, at + between(random, 1, 32));
			out = concat(bytes.subarray(0, at), run, run, bytes.subarray(at));
			break;
		}
		case 4: {
			const at = cut();
			out = concat(bytes.subarray(0, at), bytes.subarray(at + between(random, 1, 16)));
			break;
		}
		case 5: {
			const at = cut();
			out = concat(bytes.subarray(0, at), randomBytes(random, between(random, 1, 16)), bytes.subarray(at));
			break;
		}
		default:
			out = tamperLength(random, bytes);
	}
	return sameBytes(out, bytes) ? flipBits(random, bytes) : out;
}

/** Mutations specific to a sealed frame's header: kind byte and counter (replays, skips, overflow). */
export function mutateSealedHeader(random: Random, wire: Uint8Array): Uint8Array {
	const out = wire.slice();
	const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
	const counter = view.getBigUint64(1);
	switch (between(random, 0, 3)) {
		case 0:
			out[0] = (wire[0]! + between(random, 1, 255)) % 256;
			break;
		case 1:
			view.setBigUint64(1, counter > 1n ? counter - BigInt(between(random, 1, Number(counter - 1n))) : 0n);
			break;
		case 2:
			view.setBigUint64(1, counter + BigInt(between(random, 1, 1_000_000)));
			break;
		default:
			view.setBigUint64(1, 0xffff_ffff_ffff_ffffn - BigInt(between(random, 0, 1000)));
	}
	return out.length > SEALED_HEADER_BYTES ? out : flipBits(random, wire);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}
