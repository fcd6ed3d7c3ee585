import { describe, expect, it, vi } from 'vitest';
import { deliveryOf } from '../../../src/lib/db/group-outbox';
import type { GroupId } from '../../../src/lib/group/group-ids';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { Channel } from '../../../src/lib/messenger/connections';
import { GroupResend } from '../../../src/lib/messenger/group-resend';
import { MAX_RETRY_WAIT_MS } from '../../../src/lib/messenger/outbox';
import type { AppFrame } from '../../../src/lib/protocol/frames';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { makePeer, startedPeers, type TestPeer } from './messenger-harness';
import { joined, received, settled } from './group-harness';

const start = startedPeers();
vi.setConfig({ testTimeout: 60_000 });
/** Short, so the first resend (twice this) comes within the test. */
const ACK_WAIT_MS = 40;

/**
 * Loses the first group message Alice sends to `to` on the live channel, as a lost frame would
 * be, and her summaries to them from then on (a summary naming the lost seq would make them ask
 * for it: a catch-up, not the resend under test).
 */
function loseFirstCopy(alice: TestPeer, to: PeerId): { sends: { to: PeerId; frame: AppFrame }[] } {
	const sends: { to: PeerId; frame: AppFrame }[] = [];
	const connections = alice.messenger.connections;
	const send = connections.send.bind(connections);
	let lost = false;
	connections.send = (peer, frame) => {
		sends.push({ to: peer, frame });
		if (peer === to && ((!lost && frame.t === 'gmsg') || (lost && frame.t === 'gsum'))) {
			lost = true;
			return true;
		}
		return send(peer, frame);
	};
	return { sends };
}

describe('a group copy lost on a live channel', () => {
	it('is sent again on the same channel once its ack is overdue, and stored once', async () => {
		const network = new FakeNetwork();
		const alice = await makePeer(network, 'Alice', { ackWaitMs: ACK_WAIT_MS });
		const bob = await makePeer(network, 'Bob');
		await start(alice, bob);
		// Two members: no third one who could relay the lost copy.
		const group = await alice.messenger.createGroup('Ropes', [bob.identity.peerId]);
		await joined([alice, bob], group);
		// A first message acked by both: the summaries of the join (which resend pending copies) are behind us.
		const first = await alice.messenger.sendGroupText(group, 'on belay?');
		await settled(() => deliveryOf(alice.db, first), (rows) => rows.length === 1 && rows.every((row) => row.status === 'sent'));
		const channel = alice.messenger.connections.channel(bob.identity.peerId);
		const { sends } = loseFirstCopy(alice, bob.identity.peerId);
		const id = await alice.messenger.sendGroupText(group, 'belay on');
		expect((await received(bob, id))?.text).toBe('belay on');
		await settled(() => deliveryOf(alice.db, id), (rows) => rows.length === 1 && rows.every((row) => row.status === 'sent'));
		// No reconnect did it: the same channel carried the resend.
		expect(alice.messenger.connections.channel(bob.identity.peerId)).toBe(channel);
		const copies = sends.filter((send) => send.to === bob.identity.peerId && send.frame.t === 'gmsg' && send.frame.id === id).length;
		// The lost one and at least one resend (a slow ack on a loaded machine may draw another).
		expect(copies).toBeGreaterThanOrEqual(2);
		expect(await bob.db.receiver.where('[conversationId+time]').between([group, -Infinity], [group, Infinity]).count()).toBe(2);
	});
});

describe('the resend schedule (the direct outbox rule)', () => {
	it('waits twice the ack wait, then twice as long again, each wait capped', async () => {
		vi.useFakeTimers();
		try {
			const resent: number[] = [];
			const link = {} as Channel;
			const peer = 'peer' as PeerId;
			const id = 'm1' as MessageId;
			const waitMs = 10_000;
			const resend: GroupResend = new GroupResend({
				now: () => Date.now(),
				ackWaitMs: waitMs,
				channel: () => link,
				resend: async () => {
					resent.push(Date.now());
					resend.sent(peer, link, 'g' as GroupId, id);
				},
				failed: () => undefined
			});
			const t0 = Date.now();
			resend.sent(peer, link, 'g' as GroupId, id);
			await vi.advanceTimersByTimeAsync(2 * waitMs + 4 * waitMs + MAX_RETRY_WAIT_MS * 2);
			expect(resent.map((at) => at - t0)).toEqual([2 * waitMs, 6 * waitMs, 6 * waitMs + MAX_RETRY_WAIT_MS, 6 * waitMs + 2 * MAX_RETRY_WAIT_MS]);
			resend.settled(peer, [id]);
			await vi.advanceTimersByTimeAsync(MAX_RETRY_WAIT_MS * 3);
			expect(resent).toHaveLength(4);
			resend.stop();
		} finally {
			vi.useRealTimers();
		}
	});
});
