// @ts-nocheck
import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { decodeHello, decodeSealedPlaintext, encodeFrame, encodeHello } from '../../../src/lib/protocol/codec';
import { MAX_ACK_IDS, MAX_HELLO_BYTES, MAX_TEXT_CHARS } from '../../../src/lib/protocol/limits';

const message = (overrides: Record<string, unknown> = {}) => ({
	t: 'msg',
	id: newMessageId(),
	seq: 1,
	ts: 1_700_000_000_000,
	body: { kind: 'text', text: 'hi' },
	...overrides
});

describe('sealed frame codec', () => {
	it('round-trips every frame type', () => {
		const frames = [
			message(),
			{ t: 'ack', ids: [newMessageId(), newMessageId()] },
			{ t: 'profile', name: 'Alice' },
			{ t: 'ping', n: 3 },
			{ t: 'pong', n: 3 },
			{ t: 'auth', sig: new Uint8Array(64) }
		];
		for (const frame of frames) {
			const decoded = decodeSealedPlaintext(encode(frame));
			expect(decoded).toEqual({ ok: true, frame });
		}
	});

	it('rejects bytes that are not msgpack as malformed', () => {
		expect(decodeSealedPlaintext(new Uint8Array([0xc1]))).toMatchObject({ ok: false, reason: 'malformed' });
	});

	it('rejects an unknown frame type by name', () => {
		expect(decodeSealedPlaintext(encode({ t: 'launch-missiles' }))).toMatchObject({ ok: false, reason: 'unknown-type' });
		expect(decodeSealedPlaintext(encode([1, 2, 3]))).toMatchObject({ ok: false, reason: 'unknown-type' });
	});

	it.each([
		['a non-UUIDv7 id', { id: 'not-an-id' }],
		['a zero sequence', { seq: 0 }],
		['a fractional timestamp', { ts: 1.5 }],
		['an empty text', { body: { kind: 'text', text: '' } }],
		['an over-long text', { body: { kind: 'text', text: 'x'.repeat(MAX_TEXT_CHARS + 1) } }],
		['an unknown body kind', { body: { kind: 'hologram' } }],
		['a text that is not a string', { body: { kind: 'text', text: 42 } }]
	])('rejects a message with %s as invalid', (_name, overrides) => {
		const decoded = decodeSealedPlaintext(encode(message(overrides)));
		expect(decoded).toMatchObject({ ok: false, reason: 'invalid' });
	});

	it('bounds ack batches', () => {
		const ids = Array.from({ length: MAX_ACK_IDS + 1 }, () => newMessageId());
		// Too many ids is a shape error, found by the structure scan before anything is decoded.
		expect(decodeSealedPlaintext(encode({ t: 'ack', ids }))).toMatchObject({ ok: false, reason: 'malformed' });
		expect(decodeSealedPlaintext(encode({ t: 'ack', ids: [] }))).toMatchObject({ ok: false, reason: 'invalid' });
	});

	it('ignores unknown extra fields so newer peers stay compatible', () => {
		const decoded = decodeSealedPlaintext(encodeFrame({ t: 'ping', n: 1, extra: true } as never));
		expect(decoded).toEqual({ ok: true, frame: { t: 'ping', n: 1 } });
	});
});

describe('hello codec', () => {
	const hello = { t: 'hello' as const, v: 1, id: new Uint8Array(32).fill(1), eph: new Uint8Array(32).fill(2) };

	it('round-trips', () => {
		expect(decodeHello(encodeHello(hello))).toEqual({ ok: true, frame: hello });
	});

	it('rejects keys of the wrong length', () => {
		expect(decodeHello(encodeHello({ ...hello, id: new Uint8Array(31) }))).toMatchObject({ ok: false, reason: 'invalid' });
	});

	it('rejects an oversized hello before decoding it', () => {
		expect(decodeHello(new Uint8Array(MAX_HELLO_BYTES + 1).fill(1))).toMatchObject({ ok: false, reason: 'oversized' });
	});

	it('rejects a sealed frame where a hello is expected', () => {
		expect(decodeHello(new Uint8Array([2, 0, 0]))).toMatchObject({ ok: false, reason: 'unexpected' });
	});
});
