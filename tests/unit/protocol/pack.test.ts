import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { encodeFrame } from '../../../src/lib/protocol/codec';
import type { EditFrame, MessageFrame } from '../../../src/lib/protocol/frames';
import { MAX_PACK_FRAMES } from '../../../src/lib/protocol/limits';
import { decodePack, encodePack, PACK_KIND } from '../../../src/lib/protocol/pack';

const message = (seq: number): MessageFrame => ({ t: 'msg', id: newMessageId(), seq, ts: 1_700_000_000_000, body: { kind: 'text', text: `message ${seq}` } });
const edit = (): EditFrame => ({ t: 'edit', id: newMessageId(), target: newMessageId(), version: 1, ts: 1_700_000_000_000, text: 'fixed' });
const messages = (count: number) => Array.from({ length: count }, (_, i) => encodeFrame(message(i + 1)));

function refusal(plaintext: Uint8Array): string {
	const decoded = decodePack(plaintext);
	if (decoded.ok) throw new Error('the pack was taken');
	return `${decoded.reason}: ${decoded.detail}`;
}

describe('a pack of frames', () => {
	it('gives back the frames it was made of, in order', () => {
		const frames = [message(1), message(2), message(3)];
		const decoded = decodePack(encodePack(frames.map(encodeFrame)));
		expect(decoded).toEqual({ ok: true, frame: frames });
	});

	it('carries edits as well as messages', () => {
		const frames = [edit(), edit()];
		expect(decodePack(encodePack(frames.map(encodeFrame)))).toEqual({ ok: true, frame: frames });
	});

	it('is refused with more frames than the limit', () => {
		expect(decodePack(encodePack(messages(MAX_PACK_FRAMES))).ok).toBe(true);
		expect(refusal(encodePack(messages(MAX_PACK_FRAMES + 1)))).toMatch(/^oversized: pack of 65 frames/);
	});

	it('is refused with fewer than two frames (one frame travels on its own)', () => {
		expect(refusal(encodePack(messages(1)))).toBe('invalid: pack of 1 frames');
		expect(refusal(Uint8Array.of(PACK_KIND, 0))).toBe('invalid: pack of 0 frames');
	});

	it('is refused when it holds a pack', () => {
		const inner = encodePack(messages(2));
		expect(refusal(encodePack([inner, encodeFrame(message(3))]))).toBe('invalid: pack nested in frame 0');
	});

	it('is refused when it mixes frame types', () => {
		expect(refusal(encodePack([encodeFrame(message(1)), encodeFrame(edit())]))).toBe('invalid: pack mixes frame types');
	});

	it('is refused when it carries a frame packs do not carry', () => {
		const ack = encodeFrame({ t: 'ack', ids: [newMessageId()] });
		expect(refusal(encodePack([ack, ack]))).toBe('invalid: "ack" frame in a pack');
		const auth = encodeFrame({ t: 'auth', sig: new Uint8Array(64) });
		expect(refusal(encodePack([auth, auth]))).toBe('invalid: "auth" frame in a pack');
	});

	it('is refused when a frame inside fails its own schema or scan', () => {
		const bad = encode({ ...message(1), seq: 0 });
		expect(refusal(encodePack([encodeFrame(message(1)), bad]))).toMatch(/^invalid: frame 1: seq/);
		const deep = encode({ t: 'msg', x: [[[1]]] });
		expect(refusal(encodePack([deep, deep]))).toMatch(/^malformed: frame 0:/);
		const unknown = encode({ t: 'file', n: 1 });
		expect(refusal(encodePack([unknown, unknown]))).toMatch(/^unknown-type: frame 0:/);
	});

	it('is refused when a length runs past its end, or bytes follow the last frame', () => {
		const whole = encodePack(messages(2));
		expect(refusal(whole.subarray(0, whole.length - 1))).toBe('malformed: frame 1 runs past the pack');
		expect(refusal(whole.subarray(0, 3))).toBe('malformed: pack ends before frame 0');
		expect(refusal(Uint8Array.of(...whole, 0x90))).toBe('malformed: 1 bytes after the last frame');
	});

	it('is refused when it is not a pack at all', () => {
		expect(refusal(encodeFrame(message(1)))).toBe('malformed: not a pack');
		expect(refusal(Uint8Array.of(PACK_KIND))).toBe('malformed: not a pack');
	});
});
