import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { decodeHello, decodeSealedPlaintext, encodeFrame, encodeHello, HELLO_KIND } from '../../../src/lib/protocol/codec';
import { MAX_HELLO_BYTES, PROTOCOL_VERSION } from '../../../src/lib/protocol/limits';

const key = (fill: number) => new Uint8Array(32).fill(fill);
const hello = { t: 'hello' as const, v: PROTOCOL_VERSION, id: key(1), eph: key(2) };

/** A hello whose encoding is exactly `length` bytes, padded with a field newer peers might send. */
function helloOfLength(length: number): Uint8Array {
	const bare = encodeHello({ ...hello, pad: '' } as typeof hello).length;
	// A fixstr holds up to 31 bytes; past that msgpack spends one more byte on the length.
	const padding = length - bare <= 31 ? length - bare : length - bare - 1;
	const wire = encodeHello({ ...hello, pad: 'p'.repeat(padding) } as typeof hello);
	expect(wire.length).toBe(length);
	return wire;
}

describe('hello codec', () => {
	it('puts the hello kind byte before the msgpack body', () => {
		const wire = encodeHello(hello);
		expect(wire[0]).toBe(HELLO_KIND);
		expect(HELLO_KIND).toBe(0x01);
		expect(wire.subarray(1)).toEqual(encode(hello));
	});

	it(`takes a hello of exactly ${MAX_HELLO_BYTES} bytes and refuses one byte more before decoding`, () => {
		expect(decodeHello(helloOfLength(MAX_HELLO_BYTES))).toMatchObject({ ok: true, frame: hello });
		expect(decodeHello(helloOfLength(MAX_HELLO_BYTES + 1))).toEqual({
			ok: false,
			reason: 'oversized',
			detail: `${MAX_HELLO_BYTES + 1} bytes`
		});
	});

	it('refuses bytes that do not start with the hello kind, and says so', () => {
		const wire = encodeHello(hello);
		wire[0] = 0x02;
		expect(decodeHello(wire)).toEqual({ ok: false, reason: 'unexpected', detail: 'expected a hello frame' });
		expect(decodeHello(new Uint8Array(0))).toMatchObject({ ok: false, reason: 'unexpected' });
	});

	it('refuses a hello whose version is not a whole number, naming the field', () => {
		expect(decodeHello(encodeHello({ ...hello, v: 1.5 }))).toMatchObject({ ok: false, reason: 'invalid', detail: expect.stringMatching(/^v: /) });
	});

	it('refuses a hello body that is not a map, at the root', () => {
		const wire = Uint8Array.of(HELLO_KIND, ...encode(5));
		expect(decodeHello(wire)).toMatchObject({ ok: false, reason: 'invalid', detail: expect.stringMatching(/^\(root\): /) });
	});

	it('refuses a hello that is not well-formed msgpack as malformed', () => {
		expect(decodeHello(Uint8Array.of(HELLO_KIND, 0x92, 0x01))).toEqual({ ok: false, reason: 'malformed', detail: 'truncated' });
	});
});

describe('sealed plaintext codec', () => {
	it('encodes a frame as plain msgpack', () => {
		const frame = { t: 'ping' as const, n: 4 };
		expect(encodeFrame(frame)).toEqual(encode(frame));
		expect(decodeSealedPlaintext(encodeFrame(frame))).toEqual({ ok: true, frame });
	});

	it.each([
		['a number', 5, 'no type field'],
		['nil', null, 'no type field'],
		['a map without t', { n: 1 }, 'no type field'],
		['a numeric type', { t: 7 }, 'no type field'],
		['an unknown type', { t: 'gossip' }, 'type "gossip"'],
		['a long unknown type, cut to 16 characters', { t: 'x'.repeat(40) }, `type "${'x'.repeat(16)}"`]
	])('names what it got when the frame type is %s', (_name, value, detail) => {
		expect(decodeSealedPlaintext(encode(value))).toEqual({ ok: false, reason: 'unknown-type', detail });
	});

	it('reports only the first issue of a frame that breaks several rules, with its path', () => {
		const decoded = decodeSealedPlaintext(encode({ t: 'ping', n: -1.5 }));
		expect(decoded.ok).toBe(false);
		if (decoded.ok) return;
		expect(decoded.reason).toBe('invalid');
		expect(decoded.detail).toMatch(/^n: /);
		expect(decoded.detail).not.toContain(';');
		const many = decodeSealedPlaintext(encode({ t: 'msg', id: 'a', seq: -1, ts: -1, body: 1 }));
		expect(many).toMatchObject({ ok: false, reason: 'invalid', detail: expect.stringMatching(/^id: [^;]*$/) });
	});

	it('refuses a __proto__ key as malformed instead of building the object', () => {
		// { t: 'ping', n: 1, __proto__: 1 } written out by hand: no encoder emits that key.
		const wire = Uint8Array.of(0x83, 0xa1, 0x74, 0xa4, ...encode('ping').subarray(1), 0xa1, 0x6e, 0x01, 0xa9, ...new TextEncoder().encode('__proto__'), 0x01);
		const decoded = decodeSealedPlaintext(wire);
		expect(decoded).toMatchObject({ ok: false, reason: 'malformed' });
		expect(decoded.ok ? '' : decoded.detail).toContain('__proto__');
	});
});
