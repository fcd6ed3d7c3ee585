import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { encodeFrame } from '../../../src/lib/protocol/codec';
import type { AppFrame, MessageFrame } from '../../../src/lib/protocol/frames';
import { MAX_PACK_FRAMES } from '../../../src/lib/protocol/limits';
import { encodePack } from '../../../src/lib/protocol/pack';
import type { RejectReason } from '../../../src/lib/protocol/reject';
import { PeerSession } from '../../../src/lib/session/peer-session';
import { RawPeer } from '../fuzz/raw-peer';
import { connectedPair, recordingLog, settle } from './session-pair';

const message = (seq: number, text = `message ${seq}`): MessageFrame => ({ t: 'msg', id: newMessageId(), seq, ts: 1_700_000_000_000, body: { kind: 'text', text } });
const seqs = (frames: readonly AppFrame[]) => frames.map((frame) => (frame.t === 'msg' ? frame.seq : frame.t));

/** Bob's session facing a hand-built peer that speaks like an older version: its auth frame offers no packs. */
async function facingRawAlice(packed?: (count: number) => boolean) {
	const sodium = await loadSodium();
	const alice = createIdentity(sodium);
	const bob = createIdentity(sodium);
	const raw = new RawPeer({ sodium, claimed: alice, identity: alice, answerPings: false });
	const frames: AppFrame[] = [];
	const rejects: RejectReason[] = [];
	const wire: Uint8Array[] = [];
	const session = new PeerSession({
		sodium,
		identity: bob,
		expectedPeer: alice.peerId,
		log: recordingLog(rejects),
		link: { send: (bytes) => void (wire.push(bytes), queueMicrotask(() => raw.receive(bytes))), close() {} },
		hooks: { ready() {}, frame: (frame) => void frames.push(frame), failed() {}, packed }
	});
	session.start();
	raw.open((bytes) => queueMicrotask(() => session.receive(bytes)));
	await settle();
	return { raw, session, frames, rejects, wire };
}

describe('packing frames sent in one task', () => {
	it('delivers every frame, in order, in far fewer wire messages', async () => {
		const { alice, bob } = await connectedPair();
		const before = alice.wire.length;
		for (let seq = 1; seq <= 150; seq++) alice.session.send(message(seq));
		await settle();
		expect(seqs(bob.frames)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
		// The first leaves at once on its own (a typed message is not held back), the rest in packs.
		expect(alice.wire.length - before).toBe(1 + Math.ceil(149 / MAX_PACK_FRAMES));
		expect(bob.rejects).toEqual([]);
	});

	it('keeps the order when other frames come between messages', async () => {
		const { alice, bob } = await connectedPair();
		const ackId = newMessageId();
		alice.session.send(message(1));
		alice.session.send(message(2));
		alice.session.send({ t: 'ack', ids: [ackId] });
		alice.session.send(message(3));
		alice.session.send({ t: 'edit', id: newMessageId(), target: newMessageId(), version: 1, ts: 1, text: 'x' });
		alice.session.send(message(4));
		await settle();
		expect(seqs(bob.frames)).toEqual([1, 2, 'ack', 3, 'edit', 4]);
	});

	it('sends the first message of a task at once, before the task ends', async () => {
		const { alice } = await connectedPair();
		const before = alice.wire.length;
		alice.session.send(message(1));
		expect(alice.wire.length - before).toBe(1);
		alice.session.send(message(2));
		alice.session.send(message(3));
		expect(alice.wire.length - before).toBe(1);
		await Promise.resolve();
		expect(alice.wire.length - before).toBe(2);
	});

	it('sends a lone message as a frame of its own', async () => {
		const { alice, bob } = await connectedPair();
		const before = alice.wire.length;
		alice.session.send(message(1));
		await settle();
		alice.session.send(message(2));
		await settle();
		expect(alice.wire.length - before).toBe(2);
		expect(seqs(bob.frames)).toEqual([1, 2]);
	});

	it('splits a run that would pass the frame size limit', async () => {
		const { alice, bob } = await connectedPair();
		const before = alice.wire.length;
		// Ten 8,000-character messages of 3-byte characters: ~240 KB, several packs of 64 KiB at most.
		for (let seq = 1; seq <= 10; seq++) alice.session.send(message(seq, '語'.repeat(8000)));
		await settle();
		expect(seqs(bob.frames)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
		expect(bob.rejects).toEqual([]);
		expect(alice.wire.length - before).toBeGreaterThan(3);
		expect(alice.wire.length - before).toBeLessThan(10);
	});

	it('never sends a pack to an older peer (its auth frame offers none)', async () => {
		const { raw, session } = await facingRawAlice();
		expect(session.state).toBe('ready');
		for (let seq = 1; seq <= 20; seq++) session.send(message(seq));
		await settle();
		expect(seqs(raw.received.filter((frame) => frame.t !== 'auth'))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
	});
});

describe('receiving a pack', () => {
	it('asks the budget for every frame in it, and delivers none when refused', async () => {
		const counts: number[] = [];
		const scene = await facingRawAlice((count) => (counts.push(count), count < 3));
		scene.raw.sendPlaintext(encodePack([message(1), message(2)].map(encodeFrame)));
		scene.raw.sendPlaintext(encodePack([message(3), message(4), message(5)].map(encodeFrame)));
		await settle();
		expect(counts).toEqual([2, 3]);
		expect(seqs(scene.frames)).toEqual([1, 2]);
	});

	it('drops a hostile pack with the reason logged, and keeps the session', async () => {
		const scene = await facingRawAlice();
		scene.raw.sendPlaintext(encodePack(Array.from({ length: MAX_PACK_FRAMES + 1 }, (_, i) => encodeFrame(message(i + 1)))));
		scene.raw.sendPlaintext(encodePack([encodeFrame(message(1)), encodeFrame({ t: 'ack', ids: [newMessageId()] })]));
		scene.raw.sendPlaintext(encodeFrame(message(7)));
		await settle();
		expect(scene.rejects).toEqual(['oversized', 'invalid']);
		expect(seqs(scene.frames)).toEqual([7]);
		expect(scene.session.state).toBe('ready');
	});
});
