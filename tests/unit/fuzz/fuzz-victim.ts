import { ChatDb } from '../../../src/lib/db/chat-db';
import { createIdentity, type Identity } from '../../../src/lib/crypto/identity';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import type { MessageId } from '../../../src/lib/ids/message-id';
import { Messenger } from '../../../src/lib/messenger/messenger';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import type { ProtocolLog, RejectReason } from '../../../src/lib/protocol/reject';
import type { PeerSession } from '../../../src/lib/session/peer-session';
import { eventually } from '../messenger/messenger-harness';
import { RawPeer } from './raw-peer';
import { sentMessage } from '../../../src/lib/db/delivery-marks';

let dbCounter = 0;

/** A real Messenger on a Dexie ChatDb (fake-indexeddb) with an authenticated hostile peer on it. */
export interface FuzzScene {
	sodium: Sodium;
	network: FakeNetwork;
	db: ChatDb;
	victim: Messenger;
	victimId: Identity;
	mallory: Identity;
	attacker: RawPeer;
	/** The victim's session with the attacker: every hostile frame enters through its receive(). */
	session: PeerSession;
	rejects: RejectReason[];
	/** Log lines other than rejections that point at trouble (a handler that threw). */
	troubles: string[];
}

export async function fuzzScene(): Promise<FuzzScene> {
	const sodium = await loadSodium();
	const network = new FakeNetwork();
	const victimId = createIdentity(sodium);
	const db = new ChatDb(`fuzz-victim-${++dbCounter}`);
	const rejects: RejectReason[] = [];
	const troubles: string[] = [];
	const log: ProtocolLog = {
		reject: (reason) => void rejects.push(reason),
		info: (event, fields) => {
			if (event.includes('fail')) troubles.push(`${event} ${JSON.stringify(fields ?? {})}`.slice(0, 300));
		}
	};
	// One peer is fed 100k frames as fast as it can be: the per-peer budgets (which would close the
	// link after 16 rejects) are lifted so the fuzzer reaches the decoder and handlers every time.
	const unlimited = { framesPerSecond: Infinity, frameBurst: Infinity, bytesPerSecond: Infinity, byteBurst: Infinity, maxRejectedFrames: Infinity };
	const victim = new Messenger({ db, transport: network.createTransport(), sodium, identity: victimId, displayName: () => 'Victim', log, inboundLimits: unlimited });
	await victim.start();
	const mallory = createIdentity(sodium);
	const attacker = new RawPeer({ sodium, network, claimed: mallory, identity: mallory, answerPings: false });
	attacker.dial(victimId.peerId);
	// A stranger gets no profile any more: wait for the victim's side of the channel instead.
	await eventually(() => victim.connections.channel(mallory.peerId)?.session.state === 'ready', Boolean);
	const session = victim.connections.channel(mallory.peerId)?.session;
	if (!session) throw new Error('the victim has no channel to the attacker');
	return { sodium, network, db, victim, victimId, mallory, attacker, session, rejects, troubles };
}

/**
 * A message from the victim to the attacker, left pending. Acking it later is the attacker's
 * way to learn that everything it sent before has been handled: one peer's frames are handled in
 * order, and the ack's only effect is this row turning 'sent'.
 */
export async function pendingSentinel(scene: FuzzScene, text: string): Promise<MessageId> {
	const id = await scene.victim.sendText(scene.mallory.peerId, text);
	await eventually(() => scene.attacker.received.some((frame) => frame.t === 'msg' && frame.id === id), Boolean);
	return id;
}

/** Acks the sentinel until the victim has handled it (retrying, in case a rate limit dropped one). */
export async function drainThrough(scene: FuzzScene, sentinel: MessageId, timeoutMs = 20_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		scene.attacker.sendValue({ t: 'ack', ids: [sentinel] });
		try {
			await eventually(() => sentMessage(scene.db, sentinel), (row) => row?.status === 'sent', 1000);
			return;
		} catch (error) {
			if (Date.now() > deadline) throw error;
		}
	}
}

export function stopScene(scene: FuzzScene): void {
	scene.victim.stop();
}
