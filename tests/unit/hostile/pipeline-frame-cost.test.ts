import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { OpeningKey, SealingKey } from '../../../src/lib/crypto/session-cipher';
import { decodeSealedPlaintext } from '../../../src/lib/protocol/codec';
import { PACK_KIND } from '../../../src/lib/protocol/pack';
import { FRAME_STRUCTURE, MAX_FRAME_BYTES } from '../../../src/lib/protocol/limits';
import { scanStructure } from '../../../src/lib/protocol/structure-scan';
import { INBOUND_FRAME_BURST, MAX_REJECTED_FRAMES } from '../../../src/lib/messenger/inbound-budget';
import { eventually, makePair, startedPeers } from '../messenger/messenger-harness';
import { connectRaw } from './raw-peer';

const start = startedPeers();

/** ~63 KiB of arrays nested as deep as the bytes allow, inside a frame-shaped map. */
function nestedArraysFrame(): Uint8Array {
	const depth = 63 * 1024 - 16;
	const bytes = new Uint8Array(depth + 8);
	// { t: "msg", b: [[[[ ... ]]]] } hand-encoded: fixmap(2), "t", "msg", "b", then 0x91 repeated.
	bytes.set([0x82, 0xa1, 0x74, 0xa3, 0x6d, 0x73, 0x67, 0xa1, 0x62]);
	bytes.fill(0x91, 9, bytes.length - 1);
	bytes[bytes.length - 1] = 0x90;
	return bytes;
}

/** 63 KiB of wide arrays of small arrays (depth 3, many items). */
function wideArraysFrame(): Uint8Array {
	return encode({ t: 'ack', ids: Array.from({ length: 10_000 }, () => [1, 2, 3, 4, 5]) }).subarray(0, 63 * 1024);
}

const ackOfInvalidIds = (count: number) => encode({ t: 'ack', ids: Array.from({ length: count }, (_, i) => `not-an-id-${i}`) });

/**
 * Median and worst time of one run, after a warm-up (the first calls pay for JIT compilation).
 * The worst case includes whatever else the machine is doing; the median is the frame's own cost.
 */
function timeMs(run: () => void, times = 50, warmUp = 10): string {
	const samples: number[] = [];
	for (let i = 0; i < warmUp + times; i++) {
		const started = performance.now();
		run();
		if (i >= warmUp) samples.push(performance.now() - started);
	}
	samples.sort((a, b) => a - b);
	const at = (q: number) => (samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0).toFixed(3);
	return `median ${at(0.5)} ms, worst ${at(1)} ms`;
}

describe('structure limits before schema validation', () => {
	it('refuses nested arrays, huge acks and wide frames as malformed, before decoding them', () => {
		const tooDeep = encode({ t: 'msg', body: { kind: { deeper: [1] } } });
		const tooManyItems = encode({ t: 'ack', a: Array(512).fill(0), b: Array(512).fill(0) });
		for (const frame of [nestedArraysFrame(), wideArraysFrame(), ackOfInvalidIds(1024), tooDeep, tooManyItems]) {
			expect(decodeSealedPlaintext(frame)).toMatchObject({ ok: false, reason: 'malformed' });
		}
	});

	it('stops validating a frame at its first issue', () => {
		const decoded = decodeSealedPlaintext(ackOfInvalidIds(512));
		expect(decoded).toMatchObject({ ok: false, reason: 'invalid' });
		expect(decoded.ok ? [] : decoded.detail.split('; ')).toHaveLength(1);
	});

	it('accepts every honest frame shape', () => {
		const fullAck = encode({ t: 'ack', ids: Array.from({ length: 512 }, () => '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b') });
		const longText = encode({ t: 'msg', id: 'x', seq: 1, ts: 1, body: { kind: 'text', text: '語'.repeat(8000) } });
		for (const bytes of [fullAck, longText, encode({ t: 'auth', sig: new Uint8Array(64) })]) {
			expect(scanStructure(bytes, FRAME_STRUCTURE)).toEqual({ ok: true });
		}
	});

	it('prints the worst decode+validate time of the attack frames (the bench gets the numbers)', async () => {
		const sodium = await loadSodium();
		const key = sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
		const sealing = new SealingKey(sodium, key);
		const opening = new OpeningKey(sodium, key);
		const frames = { 'nested arrays 63 KiB': nestedArraysFrame(), 'ack of 1024 invalid ids': ackOfInvalidIds(1024), 'ack of 512 invalid ids': ackOfInvalidIds(512) };
		for (const [name, plaintext] of Object.entries(frames)) {
			expect(plaintext.length).toBeLessThan(MAX_FRAME_BYTES);
			const decode = timeMs(() => void decodeSealedPlaintext(plaintext));
			const sealed = Array.from({ length: 60 }, () => sealing.seal(plaintext));
			let next = 0;
			const openAndDecode = timeMs(() => {
				const opened = opening.open(sealed[next++]!);
				if (opened.ok) decodeSealedPlaintext(opened.plaintext);
			});
			console.info(`[hostile frame cost] ${name}: decode+validate ${decode}; decrypt+decode+validate ${openAndDecode}`);
		}
	});
});

describe('per-peer budgets over the network', () => {
	it(`closes the link after more than ${MAX_REJECTED_FRAMES} rejected frames and refuses the peer for a cool-down`, async () => {
		const { network, alice, bob } = await makePair();
		await start(bob);
		// A contact: a stranger's far smaller byte budget would close the link before the strikes do.
		await bob.messenger.addContact(alice.identity.peerId);
		const raw = await connectRaw(network, alice.identity, bob.identity.peerId);
		await eventually(() => raw.ready(), (ready) => ready);
		for (let i = 0; i <= MAX_REJECTED_FRAMES; i++) raw.sendPlain(nestedArraysFrame());
		await eventually(() => raw.closed(), (closed) => closed);
		expect(bob.rejects).toContain('penalized');
		const again = await connectRaw(network, alice.identity, bob.identity.peerId);
		await eventually(() => again.closed(), (closed) => closed);
		// Refused before the handshake: not even a hello goes back.
		expect(again.heard()).toBe(0);
	});

	it("impostors failing the handshake under Alice's id cannot get Alice penalized", async () => {
		const { network, alice, bob } = await makePair();
		const sodium = await loadSodium();
		await start(bob);
		const mallory = createIdentity(sodium);
		const claimed = { peerId: alice.identity.peerId, publicKey: alice.identity.publicKey, secretKey: mallory.secretKey };
		for (let i = 0; i <= MAX_REJECTED_FRAMES; i++) {
			const impostor = await connectRaw(network, claimed, bob.identity.peerId);
			await eventually(() => impostor.closed(), (closed) => closed);
		}
		const real = await connectRaw(network, alice.identity, bob.identity.peerId);
		await eventually(() => real.ready(), (ready) => ready);
		expect(bob.rejects).not.toContain('penalized');
	});

	it('closes the link of a peer that sends more frames than its budget', async () => {
		const { network, alice, bob } = await makePair();
		await start(bob);
		// A contact, so this is the contact budget (strangers: pipeline-strangers.test.ts).
		await bob.messenger.addContact(alice.identity.peerId);
		const raw = await connectRaw(network, alice.identity, bob.identity.peerId);
		await eventually(() => raw.ready(), (ready) => ready);
		// Chunks, so the receiver keeps up in real time and only the budget can stop the flood.
		for (let sent = 0; sent < INBOUND_FRAME_BURST * 4 && !raw.closed(); sent += 1024) {
			for (let i = 0; i < 1024; i++) raw.sendFrame({ t: 'pong', n: sent + i });
			await new Promise((resolve) => setTimeout(resolve, 0));
		}
		await eventually(() => raw.closed(), (closed) => closed);
		expect(bob.rejects).toContain('rate-limited');
	}, 30_000);
});

describe('a hostile frame never throws out of the pipeline', () => {
	it('survives garbage of every size without an exception', async () => {
		const sodium = await loadSodium();
		const { network, bob } = await makePair();
		await start(bob);
		const raw = await connectRaw(network, createIdentity(sodium), bob.identity.peerId);
		await eventually(() => raw.ready(), (ready) => ready);
		for (const size of [0, 1, 2, 9, 100, 4096]) raw.sendPlain(sodium.randombytes_buf(size));
		// Garbage that starts with the pack marker (0xc1, a byte msgpack never uses) is read as a
		// pack and refused as one: random bytes hit it about once in 256 frames.
		for (const count of [0, 1, 2, 255]) raw.sendPlain(Uint8Array.of(PACK_KIND, count, 0xff, 0xff, 1, 2, 3));
		await eventually(() => bob.rejects.length, (n) => n >= 10);
		const refusals = new Set(['malformed', 'unknown-type', 'invalid', 'oversized']);
		expect(bob.rejects.filter((reason) => !refusals.has(reason))).toEqual([]);
		expect(bob.rejects.slice(-4)).toEqual(['invalid', 'invalid', 'malformed', 'oversized']);
	});
});
