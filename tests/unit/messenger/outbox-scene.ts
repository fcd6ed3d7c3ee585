import { ChatDb } from '../../../src/lib/db/chat-db';
import type { SentRow } from '../../../src/lib/db/schema';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { Channel, Connections } from '../../../src/lib/messenger/connections';
import { Outbox } from '../../../src/lib/messenger/outbox';
import type { AppFrame } from '../../../src/lib/protocol/frames';
import type { PeerSession } from '../../../src/lib/session/peer-session';

// One outbox over a real (in-memory) database, a fake channel that records what it is given and
// the test's clock: shared by the outbox *.mutants tests.

export const PEER = `p${'d'.repeat(32)}` as PeerId;

export interface FakeChannel extends Channel {
	frames: AppFrame[];
	/** Decides whether the session takes a frame (false: its link is closing). */
	accepts: (frame: AppFrame) => boolean;
}

export function fakeChannel(): FakeChannel {
	const channel = { peer: PEER, link: {}, readyAt: 0, lastInbound: 0, frames: [] as AppFrame[], accepts: () => true } as unknown as FakeChannel;
	const session = {
		send: (frame: AppFrame) => {
			if (!channel.accepts(frame)) return false;
			channel.frames.push(frame);
			return true;
		}
	};
	(channel as { session: PeerSession }).session = session as unknown as PeerSession;
	return channel;
}

const rowBase = 1_700_000_000_000;
const ids = new Map<number, MessageId>();
/** One id per seq, so a row built twice is the same message. */
export const idOf = (seq: number): MessageId => ids.get(seq) ?? (ids.set(seq, newMessageId(rowBase + seq)), ids.get(seq)!);

export function row(seq: number): SentRow {
	return { id: idOf(seq), conversationId: PEER, peerId: PEER, seq, text: `m${seq}`, time: rowBase + seq, status: 'pending' };
}

let dbCounter = 0;

export async function outboxScene(options: { messages?: number; ackWaitMs?: number; channel?: boolean } = {}) {
	// Unique across test files: a mutation run may load several of them into one process.
	const db = new ChatDb(`outbox-mutants-${crypto.randomUUID()}-${++dbCounter}`);
	const clock = { ms: 1_000_000 };
	let current: FakeChannel | undefined = options.channel === false ? undefined : fakeChannel();
	const dialled: PeerId[] = [];
	const connections = {
		channel: (peer: PeerId) => (peer === PEER ? current : undefined),
		ensure: (peer: PeerId) => void dialled.push(peer)
	} as unknown as Connections;
	const outbox = new Outbox(db, connections, { reject() {}, info() {} }, () => clock.ms, options.ackWaitMs ?? 1_000);
	await db.sender.bulkAdd(Array.from({ length: options.messages ?? 0 }, (_, i) => row(i + 1)));
	return {
		db,
		clock,
		outbox,
		dialled,
		channel: () => current!,
		reconnect: (): FakeChannel => (current = fakeChannel()),
		disconnect: () => void (current = undefined),
		texts: (channel = current!) => channel.frames.flatMap((frame) => (frame.t === 'msg' && frame.body.kind === 'text' ? [frame.body.text] : []))
	};
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
