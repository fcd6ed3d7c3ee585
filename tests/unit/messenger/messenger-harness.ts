import { afterEach } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { createIdentity, type Identity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { FakeNetwork, type FakeTransport } from '../../../src/lib/net/fake-transport';
import { Messenger, type MessengerOptions } from '../../../src/lib/messenger/messenger';
import type { ProtocolLog, RejectReason } from '../../../src/lib/protocol/reject';
import { MemoryJournal } from '../../../src/lib/messenger/send-journal';

export interface TestPeer {
	name: string;
	identity: Identity;
	db: ChatDb;
	transport: FakeTransport;
	messenger: Messenger;
	rejects: RejectReason[];
	journal: MemoryJournal;
}

let dbCounter = 0;

export async function makePeer(network: FakeNetwork, name: string, options: Partial<MessengerOptions> = {}): Promise<TestPeer> {
	const sodium = await loadSodium();
	const identity = createIdentity(sodium);
	const db = new ChatDb(`test-${name}-${++dbCounter}`);
	const transport = network.createTransport();
	const rejects: RejectReason[] = [];
	const log: ProtocolLog = { reject: (reason) => void rejects.push(reason), info() {} };
	// As in the app: new messages leave before their write commits (send-ahead.ts).
	const journal = new MemoryJournal();
	const messenger = new Messenger({ db, transport, sodium, identity, displayName: () => name, log, journal, ...options });
	return { name, identity, db, transport, messenger, rejects, journal };
}

/** Polls until the condition holds: the fake network and Dexie are both asynchronous. */
export async function eventually<T>(probe: () => Promise<T> | T, accept: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (accept(value)) return value;
		if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

export async function makePair(): Promise<{ network: FakeNetwork; alice: TestPeer; bob: TestPeer }> {
	const network = new FakeNetwork();
	const alice = await makePeer(network, 'Alice');
	const bob = await makePeer(network, 'Bob');
	return { network, alice, bob };
}

/** Starts peers and stops every one of them after each test of the calling file. */
export function startedPeers(): (...peers: TestPeer[]) => Promise<void> {
	const started: TestPeer[] = [];
	afterEach(() => {
		for (const peer of started.splice(0)) peer.messenger.stop();
	});
	return async (...peers) => {
		for (const peer of peers) {
			await peer.messenger.start();
			started.push(peer);
		}
	};
}
