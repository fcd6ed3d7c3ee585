// @ts-nocheck
// 
import { createIdentity, type Identity } from '../../../src/lib/crypto/identity';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { AppFrame } from '../../../src/lib/protocol/frames';
import type { ProtocolLog, RejectReason } from '../../../src/lib/protocol/reject';
import { PeerSession, type VerifiedPeer, type WireLink } from '../../../src/lib/session/peer-session';

/** One end of a directly wired pair of sessions, recording what it saw. */
export interface End {
	identity: Identity;
	session: PeerSession;
	ready: VerifiedPeer[];
	frames: AppFrame[];
	failures: RejectReason[];
	rejects: RejectReason[];
	/** Every byte string this end put on the wire. */
	wire: Uint8Array[];
	closed: boolean;
}

export function recordingLog(into: RejectReason[]): ProtocolLog {
	return { reject: (reason) => void into.push(reason), info() {} };
}

export function makeEnd(sodium: Sodium, identity: Identity, expectedPeer: PeerId, deliver: (bytes: Uint8Array) => void): End {
	const end = { identity, ready: [], frames: [], failures: [], rejects: [], wire: [], closed: false } as unknown as End;
	const link: WireLink = {
		send(bytes) {
			end.wire.push(bytes);
			deliver(bytes);
		},
		close() {
			end.closed = true;
		}
	};
	end.session = new PeerSession({
		sodium,
		identity,
		expectedPeer,
		link,
		log: recordingLog(end.rejects),
		hooks: {
			ready: (peer) => end.ready.push(peer),
			frame: (frame) => end.frames.push(frame),
			failed: (reason) => end.failures.push(reason)
		}
	});
	return end;
}

/** Lets every queued delivery run (deliveries are asynchronous, like a real data channel). */
export function settle(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Alice and Bob wired back to back through the microtask queue. */
export async function connectedPair(): Promise<{ sodium: Sodium; alice: End; bob: End }> {
	const sodium = await loadSodium();
	const aliceId = createIdentity(sodium);
	const bobId = createIdentity(sodium);
	const alice: End = makeEnd(sodium, aliceId, bobId.peerId, (bytes) => queueMicrotask(() => bob.session.receive(bytes)));
	const bob: End = makeEnd(sodium, bobId, aliceId.peerId, (bytes) => queueMicrotask(() => alice.session.receive(bytes)));
	alice.session.start();
	bob.session.start();
	await settle();
	return { sodium, alice, bob };
}
