import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { GroupMessageFrame } from '../../../src/lib/group/group-frames';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { GroupFrames, HandlerContext } from '../../../src/lib/messenger/context';
import { InboundQueue } from '../../../src/lib/messenger/inbound-queue';
import type { AppFrame } from '../../../src/lib/protocol/frames';
import type { ProtocolLog, RejectReason } from '../../../src/lib/protocol/reject';
import { eventually } from './messenger-harness';

// Group frames through the inbound queue: a burst of group messages reaches the group wiring a
// run at a time, in order; other group frames one at a time; without a group wiring they are
// logged and dropped. Written for inbound-queue.ts mutants the direct-message tests leave
// uncovered; each checked red by hand.

const alice = `p${'a'.repeat(32)}` as PeerId;
let counter = 0;

async function setup(withGroups: boolean) {
	const sodium = await loadSodium();
	const runs: string[][] = [];
	const single: string[] = [];
	const rejects: RejectReason[] = [];
	let release: () => void = () => {};
	const first = new Promise<void>((resolve) => (release = resolve));
	const groups: GroupFrames = {
		handle: async (_context, _peer, frame) => void single.push(frame.t),
		handleMessages: async (_context, _peer, frames) => {
			runs.push(frames.map((frame) => frame.id));
			// The first run waits, so the frames after it queue up behind it.
			if (runs.length === 1) await first;
		},
		acked: async () => {}
	};
	const log: ProtocolLog = { reject: (reason) => void rejects.push(reason), info() {} };
	const context: HandlerContext = {
		db: new ChatDb(`inbound-groups-${++counter}`),
		identity: createIdentity(sodium),
		log,
		now: () => Date.now(),
		announcedNames: new Map(),
		verifiedKeys: new Map(),
		acknowledge() {},
		refused() {},
		acknowledged() {},
		settled: () => null,
		...(withGroups ? { groups } : {})
	};
	return { queue: new InboundQueue(context, log, { isContact: () => true }), runs, single, rejects, release };
}

const groupMessage = (seq: number): GroupMessageFrame =>
	({ t: 'gmsg', group: 'g', author: alice, seq, id: newMessageId(Date.now()), ts: 1, body: { kind: 'text', text: `g${seq}` } }) as unknown as GroupMessageFrame;

describe('group frames in the inbound queue', () => {
	it('hands queued group messages over as one run, in order, and other group frames one by one', async () => {
		const { queue, runs, single, release } = await setup(true);
		const frames = [1, 2, 3, 4].map(groupMessage);
		queue.push(alice, frames[0]!);
		queue.push(alice, frames[1]!);
		queue.push(alice, frames[2]!);
		queue.push(alice, { t: 'gdone', group: 'g' } as unknown as AppFrame);
		queue.push(alice, frames[3]!);
		expect(queue.size).toBe(4);
		release();
		await eventually(() => runs.length, (n) => n === 3);
		expect(runs).toEqual([[frames[0]!.id], [frames[1]!.id, frames[2]!.id], [frames[3]!.id]]);
		expect(single).toEqual(['gdone']);
		expect(queue.size).toBe(0);
	});

	it('logs and drops group messages when no group wiring is there', async () => {
		const { queue, rejects } = await setup(false);
		queue.push(alice, groupMessage(1));
		await eventually(() => rejects.length, (n) => n === 1);
		expect(rejects).toEqual(['unexpected']);
		expect(queue.size).toBe(0);
	});
});
