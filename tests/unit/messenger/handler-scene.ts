import { ChatDb } from '../../../src/lib/db/chat-db';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { HandlerContext } from '../../../src/lib/messenger/context';
import type { MessageFrame } from '../../../src/lib/protocol/frames';
import type { RejectReason } from '../../../src/lib/protocol/reject';

// One peer's frames handled against a real (in-memory) database and a context that records what
// the handlers tell the rest of the messenger: acks, refusals charged, rejects logged.

let dbCounter = 0;

export interface HandlerScene {
	db: ChatDb;
	peer: PeerId;
	context: HandlerContext;
	acks: MessageId[];
	refused: number[];
	rejects: { reason: RejectReason; detail: string }[];
	failures: string[];
}

export async function handlerScene(overrides: Partial<HandlerContext> = {}): Promise<HandlerScene> {
	const sodium = await loadSodium();
	const peer = createIdentity(sodium).peerId;
	const db = new ChatDb(`handler-scene-${++dbCounter}`);
	let clock = 1_000_000;
	const acks: MessageId[] = [];
	const refused: number[] = [];
	const rejects: { reason: RejectReason; detail: string }[] = [];
	const failures: string[] = [];
	const context: HandlerContext = {
		db,
		identity: createIdentity(sodium),
		log: {
			reject: (reason, fields) => void rejects.push({ reason, detail: String(fields?.detail ?? '') }),
			info: (event, fields) => void failures.push(`${event}: ${String(fields?.frame)}`)
		},
		now: () => ++clock,
		announcedNames: new Map(),
		verifiedKeys: new Map(),
		acknowledge: (_peer, id) => void acks.push(id),
		refused: (_peer, count) => void refused.push(count),
		acknowledged() {},
		settled: () => null,
		...overrides
	};
	return { db, peer, context, acks, refused, rejects, failures };
}

let seq = 0;
let idClock = Date.now();
export const nextId = (): MessageId => newMessageId(++idClock);

export function textFrame(text: string, extra: Partial<MessageFrame> = {}): MessageFrame {
	return { t: 'msg', id: nextId(), seq: ++seq, ts: Date.now(), body: { kind: 'text', text }, ...extra };
}
