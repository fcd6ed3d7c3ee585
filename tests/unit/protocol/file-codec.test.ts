import { encode } from '@msgpack/msgpack';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIdentity, type Identity } from '../../../src/lib/crypto/identity';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import { MAX_THUMB_BYTES } from '../../../src/lib/files/file-limits';
import { GROUP_ID_LENGTH, parseGroupId, type GroupId } from '../../../src/lib/group/group-ids';
import { signGroupMessage, verifyGroupMessage } from '../../../src/lib/group/group-signing';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { decodeSealedPlaintext } from '../../../src/lib/protocol/codec';
import { SEALED_FRAME_TYPES } from '../../../src/lib/protocol/frames';
import { MAX_FRAME_BYTES, MAX_TEXT_CHARS } from '../../../src/lib/protocol/limits';

let sodium: Sodium;
let alice: Identity;

beforeAll(async () => {
	sodium = await loadSodium();
	alice = createIdentity(sodium);
});

const fileBody = (overrides: Record<string, unknown> = {}) => ({
	kind: 'file',
	hash: new Uint8Array(32).fill(1),
	key: new Uint8Array(32).fill(2),
	name: 'photo.jpg',
	type: 'image/jpeg',
	size: 123_456,
	thumb: new Uint8Array(MAX_THUMB_BYTES).fill(3),
	w: 640,
	h: 480,
	caption: '€'.repeat(MAX_TEXT_CHARS),
	...overrides
});

const message = (body: Record<string, unknown>) => ({ t: 'msg', id: newMessageId(), seq: 1, ts: 1_700_000_000_000, body });
const want = (overrides: Record<string, unknown> = {}) => ({ t: 'fwant', id: newMessageId(), hash: new Uint8Array(32), ranges: [0, 4], ...overrides });
const stop = (overrides: Record<string, unknown> = {}) => ({ t: 'fstop', id: newMessageId(), hash: new Uint8Array(32), why: 'cancel', ...overrides });
const decode = (frame: unknown) => decodeSealedPlaintext(encode(frame));

describe('file frames in the sealed codec (PROTOCOL §13)', () => {
	it('knows fwant and fstop', () => {
		expect(SEALED_FRAME_TYPES.has('fwant')).toBe(true);
		expect(SEALED_FRAME_TYPES.has('fstop')).toBe(true);
	});

	it('round-trips the largest file message (a 16 KiB thumb and a longest caption) within a frame', () => {
		const frame = message(fileBody());
		expect(encode(frame).length).toBeLessThan(MAX_FRAME_BYTES);
		expect(decode(frame)).toEqual({ ok: true, frame });
		const { thumb: _t, w: _w, h: _h, caption: _c, ...bare } = fileBody();
		expect(decode(message(bare))).toMatchObject({ ok: true });
	});

	it('refuses a thumb one byte over 16 KiB before decoding it', () => {
		expect(decode(message(fileBody({ thumb: new Uint8Array(MAX_THUMB_BYTES + 1) })))).toMatchObject({ ok: false, reason: 'malformed' });
	});

	it('refuses any other binary over the thumb size, wherever it is', () => {
		expect(decode(want({ hash: new Uint8Array(MAX_THUMB_BYTES + 1) }))).toMatchObject({ ok: false, reason: 'malformed' });
		expect(decode({ t: 'profile', name: 'x', extra: new Uint8Array(MAX_THUMB_BYTES + 1) })).toMatchObject({ ok: false, reason: 'malformed' });
	});

	it.each([
		['a hash of the wrong length', { hash: new Uint8Array(31) }],
		['a key of the wrong length', { key: new Uint8Array(33) }],
		['an empty name', { name: '' }],
		['a name over 255 characters', { name: 'x'.repeat(256) }],
		['a negative size', { size: -1 }],
		['a fractional size', { size: 1.5 }],
		['an empty thumb', { thumb: new Uint8Array(0) }],
		['a zero width', { w: 0 }],
		['an empty caption', { caption: '' }],
		['an over-long caption', { caption: 'x'.repeat(MAX_TEXT_CHARS + 1) }],
		['a type over 100 characters', { type: 'x'.repeat(101) }]
	])('refuses a file message with %s as invalid', (_name, overrides) => {
		expect(decode(message(fileBody(overrides)))).toMatchObject({ ok: false, reason: 'invalid' });
	});

	it('round-trips fwant and fstop', () => {
		for (const frame of [want(), want({ ranges: Array.from({ length: 128 }, (_, i) => i) }), stop(), stop({ why: 'gone' }), stop({ why: 'declined' })]) {
			expect(decode(frame)).toEqual({ ok: true, frame });
		}
	});

	it.each([
		['no ranges', want({ ranges: [] })],
		['an odd number of range ends', want({ ranges: [0, 1, 2] })],
		['more than 64 ranges', want({ ranges: Array.from({ length: 130 }, (_, i) => i) })],
		['a negative range end', want({ ranges: [-1, 2] })],
		['a range end over u32', want({ ranges: [0, 2 ** 32] })],
		['a bad message id', want({ id: 'nope' })],
		['a short hash', want({ hash: new Uint8Array(8) })],
		['an unknown stop reason', stop({ why: 'because' })],
		['a stop without a hash', stop({ hash: undefined })]
	])('refuses %s as invalid', (_name, frame) => {
		expect(decode(frame)).toMatchObject({ ok: false, reason: 'invalid' });
	});
});

describe('file messages in groups', () => {
	const g = parseGroupId(`g${'a'.repeat(GROUP_ID_LENGTH - 1)}`) as GroupId;

	it('signs every field of the file body: changing any one breaks the signature', () => {
		const body = fileBody() as never;
		const frame = signGroupMessage(sodium, alice, { g, seq: 1, id: newMessageId(), ts: 1, body });
		expect(verifyGroupMessage(sodium, frame).ok).toBe(true);
		const changes: Record<string, unknown>[] = [
			{ hash: new Uint8Array(32).fill(9) },
			{ key: new Uint8Array(32).fill(9) },
			{ name: 'other.jpg' },
			{ type: 'image/png' },
			{ size: 1 },
			{ thumb: new Uint8Array(10).fill(3) },
			{ w: 641 },
			{ h: 481 },
			{ caption: 'other' },
			{ caption: undefined }
		];
		for (const change of changes) {
			const altered = { ...frame, body: { ...frame.body, ...change } };
			expect(verifyGroupMessage(sodium, altered as typeof frame).ok, JSON.stringify(Object.keys(change))).toBe(false);
		}
	});

	it('carries a file body in gmsg through the codec', () => {
		expect(g).not.toBeNull();
		const frame = signGroupMessage(sodium, alice, { g, seq: 1, id: newMessageId(), ts: 1, body: fileBody() as never });
		expect(decode(frame)).toEqual({ ok: true, frame });
		expect(decode({ ...frame, body: fileBody({ thumb: new Uint8Array(MAX_THUMB_BYTES + 1) }) })).toMatchObject({ ok: false, reason: 'malformed' });
	});
});
