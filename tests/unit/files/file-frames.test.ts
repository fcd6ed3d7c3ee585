import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { chunkFrameInto, decodeChunkFrame, encodeChunkFrame, MAX_CHUNK_FRAME_BYTES } from '../../../src/lib/files/chunk-frame';
import { FileBody, FileStopFrame, FileWantFrame, flatRanges, pairedRanges } from '../../../src/lib/files/file-frames';
import { DEFAULT_MAX_FILE_BYTES, MAX_THUMB_BYTES, MAX_WANT_RANGES } from '../../../src/lib/files/file-limits';

const hash = new Uint8Array(32).fill(7);
const body = { kind: 'file', hash, key: new Uint8Array(32), name: 'a.png', type: 'image/png', size: 1234 };

describe('file frames', () => {
	it('take a file body with and without its preview', () => {
		expect(v.is(FileBody, body)).toBe(true);
		expect(v.is(FileBody, { ...body, thumb: new Uint8Array(MAX_THUMB_BYTES), w: 640, h: 480, caption: 'look' })).toBe(true);
	});

	it('refuse a body with a wrong hash or key size, an oversized preview, a bad size or side', () => {
		expect(v.is(FileBody, { ...body, hash: new Uint8Array(31) })).toBe(false);
		expect(v.is(FileBody, { ...body, key: new Uint8Array(33) })).toBe(false);
		expect(v.is(FileBody, { ...body, thumb: new Uint8Array(MAX_THUMB_BYTES + 1) })).toBe(false);
		expect(v.is(FileBody, { ...body, thumb: new Uint8Array(0) })).toBe(false);
		expect(v.is(FileBody, { ...body, size: -1 })).toBe(false);
		expect(v.is(FileBody, { ...body, size: 1.5 })).toBe(false);
		expect(v.is(FileBody, { ...body, w: 0 })).toBe(false);
		expect(v.is(FileBody, { ...body, name: '' })).toBe(false);
		expect(v.is(FileBody, { ...body, name: 'x'.repeat(256) })).toBe(false);
		expect(v.is(FileBody, { ...body, type: 'x'.repeat(101) })).toBe(false);
	});

	it('take a request for ranges as flat pairs, bounded', () => {
		const id = newMessageId(Date.now());
		const want = { t: 'fwant', id, hash, ranges: flatRanges([{ start: 0, end: 4 }, { start: 9, end: 12 }]) };
		expect(v.is(FileWantFrame, want)).toBe(true);
		expect(pairedRanges(want.ranges)).toEqual([[0, 4], [9, 12]]);
		expect(v.is(FileWantFrame, { ...want, ranges: [1, 2, 3] })).toBe(false);
		expect(v.is(FileWantFrame, { ...want, ranges: [] })).toBe(false);
		expect(v.is(FileWantFrame, { ...want, ranges: [0, -1] })).toBe(false);
		expect(v.is(FileWantFrame, { ...want, ranges: new Array(2 * MAX_WANT_RANGES + 2).fill(1) })).toBe(false);
		expect(v.is(FileStopFrame, { t: 'fstop', id, hash, why: 'cancel' })).toBe(true);
		expect(v.is(FileStopFrame, { t: 'fstop', id, hash, why: 'other' })).toBe(false);
		for (const why of ['cancel', 'gone', 'declined']) expect(v.is(FileStopFrame, { t: 'fstop', id, hash, why })).toBe(true);
		expect(v.is(FileStopFrame, { t: 'fstop', id, hash, why: '' })).toBe(false);
		expect(v.is(FileWantFrame, { ...want, id: 'not-a-message-id' })).toBe(false);
		expect(pairedRanges([1, 2, 3])).toEqual([[1, 2]]);
	});

	it('announce files of 2 GiB and more under the default limit (issue 12)', () => {
		expect(DEFAULT_MAX_FILE_BYTES).toBeGreaterThanOrEqual(2 * 2 ** 30);
		expect(v.is(FileBody, { ...body, size: DEFAULT_MAX_FILE_BYTES })).toBe(true);
	});

	it('say why a frame is refused', () => {
		const id = newMessageId(Date.now());
		const want = { t: 'fwant', id, hash, ranges: [0, 4] };
		const why = (schema: v.GenericSchema, input: unknown) => v.safeParse(schema, input).issues?.map((issue) => issue.message);
		expect(why(FileWantFrame, { ...want, hash: 'x' })).toEqual(['not bytes']);
		expect(why(FileWantFrame, { ...want, hash: new Uint8Array(31) })).toEqual(['not 32 bytes']);
		expect(why(FileWantFrame, { ...want, id: 'x' })).toEqual(['not a UUIDv7 message id']);
		expect(why(FileWantFrame, { ...want, ranges: [0, 1, 2, 3, 4] })).toEqual(['ranges are pairs']);
		expect(why(FileBody, { ...body, thumb: [1] })).toEqual(['not bytes']);
		expect(why(FileBody, { ...body, thumb: new Uint8Array(MAX_THUMB_BYTES + 1) })).toEqual(['thumbnail too large']);
	});
});

describe('chunk frames', () => {
	it('round-trip the hash, index and sealed bytes', () => {
		const sealed = new Uint8Array(100).fill(3);
		const decoded = decodeChunkFrame(encodeChunkFrame(hash, 0xfffffffe, sealed));
		expect(decoded.ok).toBe(true);
		if (!decoded.ok) return;
		expect(decoded.frame.index).toBe(0xfffffffe);
		expect(decoded.frame.hash).toEqual(hash);
		expect(decoded.frame.sealed).toEqual(sealed);
	});

	it('read a frame that sits inside a larger buffer', () => {
		const frame = encodeChunkFrame(hash, 5, new Uint8Array(20).fill(1));
		const outer = new Uint8Array(frame.length + 10);
		outer.set(frame, 10);
		const decoded = decodeChunkFrame(outer.subarray(10));
		expect(decoded.ok && decoded.frame.index).toBe(5);
	});

	it('refuse frames too large, too small or of another kind', () => {
		expect(decodeChunkFrame(new Uint8Array(MAX_CHUNK_FRAME_BYTES + 1))).toEqual({ ok: false, reason: 'too-large' });
		expect(decodeChunkFrame(new Uint8Array(52))).toEqual({ ok: false, reason: 'too-small' });
		const frame = encodeChunkFrame(hash, 1, new Uint8Array(16));
		expect(decodeChunkFrame(frame).ok).toBe(true);
		frame[0] = 0x02;
		expect(decodeChunkFrame(frame)).toEqual({ ok: false, reason: 'wrong-kind' });
	});

	it('frame a sealed chunk into a reused buffer, the same bytes as a new frame, nothing of the last one left', () => {
		const into = new Uint8Array(MAX_CHUNK_FRAME_BYTES).fill(0xee);
		const first = chunkFrameInto(into, hash, 7, new Uint8Array(300).fill(4));
		expect(first).toEqual(encodeChunkFrame(hash, 7, new Uint8Array(300).fill(4)));
		expect(first.buffer).toBe(into.buffer);
		const second = chunkFrameInto(into, hash, 0x01020304, new Uint8Array(40).fill(9));
		expect(second).toEqual(encodeChunkFrame(hash, 0x01020304, new Uint8Array(40).fill(9)));
		const decoded = decodeChunkFrame(second);
		expect(decoded.ok && decoded.frame.index).toBe(0x01020304);
		expect(decoded.ok && decoded.frame.sealed.length).toBe(40);
	});

	it('frame into a view with an offset, and refuse a buffer too small or a hash of another length', () => {
		const outer = new Uint8Array(MAX_CHUNK_FRAME_BYTES + 8);
		const framed = chunkFrameInto(outer.subarray(8), hash, 3, new Uint8Array(16).fill(2));
		expect(framed).toEqual(encodeChunkFrame(hash, 3, new Uint8Array(16).fill(2)));
		expect(outer.subarray(0, 8)).toEqual(new Uint8Array(8));
		expect(() => chunkFrameInto(new Uint8Array(60), hash, 1, new Uint8Array(40))).toThrow(RangeError);
		expect(() => chunkFrameInto(new Uint8Array(MAX_CHUNK_FRAME_BYTES), hash.subarray(1), 1, new Uint8Array(40))).toThrow(RangeError);
	});
});
