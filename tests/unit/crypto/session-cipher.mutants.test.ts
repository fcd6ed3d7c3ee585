import { beforeAll, describe, expect, it } from 'vitest';
import { OpeningKey, SEALED_HEADER_BYTES, SEALED_KIND, SealingKey } from '../../../src/lib/crypto/session-cipher';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';

// The sealed frame layout from docs/PROTOCOL.md, built independently of session-cipher.ts:
// kind byte 0x02, 8-byte big-endian counter, then XChaCha20-Poly1305 with the header as
// associated data and the counter (big-endian, zero-padded to 24 bytes) as nonce.
let sodium: Sodium;
let key: Uint8Array;

beforeAll(async () => {
	sodium = await loadSodium();
	key = sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
});

function header(counter: bigint, kind = 0x02): Uint8Array {
	const out = new Uint8Array(9);
	out[0] = kind;
	new DataView(out.buffer).setBigUint64(1, counter);
	return out;
}

function nonce(counter: bigint): Uint8Array {
	const out = new Uint8Array(24);
	new DataView(out.buffer).setBigUint64(0, counter);
	return out;
}

/** What an independent implementation of the protocol puts on the wire. */
function sealByHand(plaintext: Uint8Array, counter: bigint, kind = 0x02): Uint8Array {
	const head = header(counter, kind);
	const body = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, head, null, nonce(counter), key);
	return Uint8Array.of(...head, ...body);
}

const text = (s: string) => new TextEncoder().encode(s);

describe('sealing', () => {
	it('writes the documented layout, counting frames from 1', () => {
		expect(SEALED_HEADER_BYTES).toBe(9);
		expect(SEALED_KIND).toBe(0x02);
		const sealing = new SealingKey(sodium, key);
		expect(sealing.seal(text('one'))).toEqual(sealByHand(text('one'), 1n));
		expect(sealing.seal(text('two'))).toEqual(sealByHand(text('two'), 2n));
		expect(sealing.seal(text('three'))).toEqual(sealByHand(text('three'), 3n));
	});
});

describe('opening', () => {
	it('opens frames sealed by an independent implementation, and skips gaps forward', () => {
		const opening = new OpeningKey(sodium, key);
		expect(opening.open(sealByHand(text('a'), 1n))).toEqual({ ok: true, plaintext: text('a') });
		expect(opening.open(sealByHand(text('c'), 3n))).toEqual({ ok: true, plaintext: text('c') });
	});

	it('refuses a counter it has already reached or passed as replayed', () => {
		const opening = new OpeningKey(sodium, key);
		expect(opening.open(sealByHand(text('zero'), 0n))).toEqual({ ok: false, reason: 'replayed' });
		expect(opening.open(sealByHand(text('five'), 5n)).ok).toBe(true);
		expect(opening.open(sealByHand(text('five again'), 5n))).toEqual({ ok: false, reason: 'replayed' });
		expect(opening.open(sealByHand(text('four'), 4n))).toEqual({ ok: false, reason: 'replayed' });
		expect(opening.open(sealByHand(text('six'), 6n)).ok).toBe(true);
	});

	it('moves its window only for authentic frames', () => {
		const opening = new OpeningKey(sodium, key);
		const forged = sealByHand(text('forged'), 9n);
		forged[forged.length - 1] = (forged[forged.length - 1] ?? 0) ^ 1;
		expect(opening.open(forged)).toEqual({ ok: false, reason: 'undecryptable' });
		expect(opening.open(sealByHand(text('genuine'), 2n))).toEqual({ ok: true, plaintext: text('genuine') });
	});

	it('authenticates the header: a frame moved to another counter does not open', () => {
		const opening = new OpeningKey(sodium, key);
		const wire = sealByHand(text('hi'), 1n);
		wire.set(header(2n), 0);
		expect(opening.open(wire)).toEqual({ ok: false, reason: 'undecryptable' });
	});

	it('refuses a frame of another kind, and one too short to hold a header and a tag', () => {
		const opening = new OpeningKey(sodium, key);
		expect(opening.open(sealByHand(text('hi'), 1n, 0x01))).toEqual({ ok: false, reason: 'undecryptable' });
		expect(opening.open(header(1n))).toEqual({ ok: false, reason: 'undecryptable' });
		expect(opening.open(Uint8Array.of(...header(1n), 0))).toEqual({ ok: false, reason: 'undecryptable' });
		expect(opening.open(new Uint8Array(0))).toEqual({ ok: false, reason: 'undecryptable' });
	});

	it('treats a bare header, or a cut-off one, as no frame at all rather than a replay', () => {
		const opening = new OpeningKey(sodium, key);
		expect(opening.open(sealByHand(text('five'), 5n)).ok).toBe(true);
		expect(opening.open(header(3n))).toEqual({ ok: false, reason: 'undecryptable' });
		expect(opening.open(Uint8Array.of(0x02))).toEqual({ ok: false, reason: 'undecryptable' });
		expect(opening.open(header(9n).subarray(0, 5))).toEqual({ ok: false, reason: 'undecryptable' });
	});

	it('opens an empty plaintext (header plus tag is the shortest frame)', () => {
		const opening = new OpeningKey(sodium, key);
		expect(opening.open(sealByHand(new Uint8Array(0), 1n))).toEqual({ ok: true, plaintext: new Uint8Array(0) });
	});

	it('takes counters up to the largest safe integer and refuses any beyond, even authentic', () => {
		const top = BigInt(Number.MAX_SAFE_INTEGER);
		const opening = new OpeningKey(sodium, key);
		expect(opening.open(sealByHand(text('beyond'), top + 1n))).toEqual({ ok: false, reason: 'undecryptable' });
		expect(opening.open(sealByHand(text('top'), top))).toEqual({ ok: true, plaintext: text('top') });
	});

	it('reads a frame that sits inside a larger buffer', () => {
		const opening = new OpeningKey(sodium, key);
		const wire = sealByHand(text('inside'), 1n);
		const buffer = new Uint8Array(wire.length + 7);
		buffer.set(wire, 3);
		expect(opening.open(buffer.subarray(3, 3 + wire.length))).toEqual({ ok: true, plaintext: text('inside') });
	});
});
