// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { HandlerContext } from '../../../src/lib/messenger/context';
import { MAX_REJECTED_FRAMES, STRANGER_FRAME_BURST } from '../../../src/lib/messenger/inbound-budget';
import { InboundQueue, MAX_QUEUED_FRAMES_PER_PEER, MAX_QUEUED_STRANGER_FRAMES } from '../../../src/lib/messenger/inbound-queue';
import { silentLog } from '../../../src/lib/protocol/reject';
import { eventually, makePair, startedPeers } from '../messenger/messenger-harness';
import { connectRaw } from './raw-peer';

const start = startedPeers();

describe('strangers get a much smaller inbound budget than contacts (review finding 3)', () => {
	it(`closes a stranger's link past ${STRANGER_FRAME_BURST} frames at once; a contact sending as many is fine`, async () => {
		const { network, alice, bob } = await makePair();
		await start(bob);
		const frames = STRANGER_FRAME_BURST * 2;
		const stranger = await connectRaw(network, alice.identity, bob.identity.peerId);
		await eventually(() => stranger.ready(), Boolean);
		for (let i = 0; i < frames; i++) stranger.sendFrame({ t: 'pong', n: i });
		await eventually(() => stranger.closed(), Boolean);
		expect(bob.rejects).toContain('rate-limited');

		const { network: network2, alice: carol, bob: dave } = await makePair();
		await start(dave);
		await dave.messenger.addContact(carol.identity.peerId);
		const contact = await connectRaw(network2, carol.identity, dave.identity.peerId);
		await eventually(() => contact.ready(), Boolean);
		for (let i = 0; i < frames; i++) contact.sendFrame({ t: 'pong', n: i });
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(contact.closed()).toBe(false);
		expect(dave.rejects).not.toContain('rate-limited');
	});

	it('penalizes a stranger for frames its handlers refuse, never a contact', async () => {
		const { network, alice, bob } = await makePair();
		await start(bob);
		const edits = MAX_REJECTED_FRAMES + 4;
		const ghostEdit = () => ({ t: 'edit', id: newMessageId(), target: newMessageId(), version: 1, ts: Date.now(), text: 'ghost' });
		const stranger = await connectRaw(network, alice.identity, bob.identity.peerId);
		await eventually(() => stranger.ready(), Boolean);
		for (let i = 0; i < edits; i++) stranger.sendFrame(ghostEdit());
		await eventually(() => stranger.closed(), Boolean);
		expect(bob.rejects).toContain('penalized');

		const { network: network2, alice: carol, bob: dave } = await makePair();
		await start(dave);
		await dave.messenger.addContact(carol.identity.peerId);
		const contact = await connectRaw(network2, carol.identity, dave.identity.peerId);
		await eventually(() => contact.ready(), Boolean);
		for (let i = 0; i < edits; i++) contact.sendFrame(ghostEdit());
		await eventually(() => dave.rejects.filter((r) => r === 'unknown-target').length, (n) => n === edits);
		expect(contact.closed()).toBe(false);
		expect(dave.rejects).not.toContain('penalized');
	});

	it('keeps room in the inbound queue for contacts: four strangers cannot fill it', () => {
		/** Storage that never answers, so every frame pushed stays queued. */
		const stuck = { db: { transaction: () => new Promise(() => {}) }, now: () => 0 } as unknown as HandlerContext;
		const peer = (i: number) => `p${String(i).padStart(32, 'a')}` as PeerId;
		const contact = peer(0);
		const overflowed: PeerId[] = [];
		const queue = new InboundQueue(stuck, silentLog, { isContact: (p) => p === contact, overflow: (p) => void overflowed.push(p) });
		const ack = () => ({ t: 'ack' as const, ids: [newMessageId()] });
		for (let s = 1; s <= 4; s++) for (let i = 0; i <= MAX_QUEUED_FRAMES_PER_PEER; i++) queue.push(peer(s), ack());
		expect(queue.size).toBeLessThanOrEqual(MAX_QUEUED_STRANGER_FRAMES);
		const strangersOverflowed = overflowed.length;
		expect(strangersOverflowed).toBeGreaterThan(0);
		for (let i = 0; i < MAX_QUEUED_FRAMES_PER_PEER; i++) queue.push(contact, ack());
		expect(overflowed).not.toContain(contact);
	});
});
