import { afterEach, describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { addOutgoing } from '../../../src/lib/db/queries';
import { FeedMirror } from '../../../src/lib/app/feed-mirror';
import { TabNetwork } from '../../../src/lib/app/tab-network';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { Messenger } from '../../../src/lib/messenger/messenger';
import { silentLog } from '../../../src/lib/protocol/reject';
import { eventually, makePeer, type TestPeer } from '../messenger/messenger-harness';
import { FakeLocks, settle } from './fake-locks';
import { allSentMessages } from '../../../src/lib/db/delivery-marks';

let count = 0;
const cleanups: (() => void)[] = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

/** One tab of Alice's: its own connection to her database, messenger, clock and mirror. */
async function aliceTab(network: FakeNetwork, dbName: string, identity: TestPeer['identity'], locks: FakeLocks) {
	const db = new ChatDb(dbName);
	const transport = network.createTransport();
	const tabs = await TabNetwork.open({ db, transport, locks: locks.for(), channel: new BroadcastChannel(`tabs-${dbName}`) });
	const messenger = new Messenger({ db, transport: tabs.gate, sodium: await loadSodium(), identity, displayName: () => 'Alice', log: silentLog, now: tabs.clock.now });
	tabs.follow(messenger);
	cleanups.push(() => {
		messenger.stop();
		tabs.close();
	});
	return { db, tabs, messenger, transport };
}

async function setting() {
	const network = new FakeNetwork();
	const bob = await makePeer(network, 'Bob');
	await bob.messenger.start();
	cleanups.push(() => bob.messenger.stop());
	const identity = createIdentity(await loadSodium());
	return { network, bob, identity, dbName: `alice-tabs-${++count}`, locks: new FakeLocks() };
}

const pending = async (db: ChatDb) => (await allSentMessages(db)).filter((row) => row.status === 'pending').length;

describe('TabNetwork: two tabs of one identity', () => {
	it('the owner sends what the other tab wrote, as soon as the mirror tells it', async () => {
		const { network, bob, identity, dbName, locks } = await setting();
		const first = await aliceTab(network, dbName, identity, locks);
		const second = await aliceTab(network, dbName, identity, locks);
		await first.messenger.start();
		await second.messenger.start();
		first.tabs.owner.claim();
		await settle();
		second.tabs.owner.claim();
		await settle();
		expect([first.tabs.owner.owner, second.tabs.owner.owner]).toEqual([true, false]);
		// Not even registered with the signalling server: that would push the owner off it.
		expect([second.tabs.gate.state, second.transport.state]).toEqual(['offline', 'offline']);
		expect(first.transport.state).toBe('online');
		await first.messenger.addContact(bob.identity.peerId);
		await eventually(() => first.messenger.presence(bob.identity.peerId), (presence) => presence === 'online');

		const id = await second.messenger.sendText(bob.identity.peerId, 'written in the second tab');
		await eventually(() => bob.db.receiver.get(id), (row) => row !== undefined);
		await eventually(() => pending(first.db), (n) => n === 0);
	});

	it('the other tab takes over when the owner goes, and sends what is still pending', async () => {
		const { network, bob, identity, dbName, locks } = await setting();
		const first = await aliceTab(network, dbName, identity, locks);
		const second = await aliceTab(network, dbName, identity, locks);
		await first.messenger.start();
		await second.messenger.start();
		first.tabs.owner.claim();
		await settle();
		second.tabs.owner.claim();
		await first.messenger.addContact(bob.identity.peerId);
		// The owner is invisible: what it writes stays pending, as if it closed before sending.
		await first.messenger.setInvisible(true);
		const id = await first.messenger.sendText(bob.identity.peerId, 'left behind');
		await first.messenger.setInvisible(false);
		first.tabs.owner.release();
		first.messenger.stop();
		await settle();
		expect(second.tabs.owner.owner).toBe(true);
		await eventually(() => bob.db.receiver.get(id), (row) => row !== undefined);
	});

	it('dials only well-formed peer ids that another tab reports, and only while owning the network', async () => {
		const name = `follow-${++count}`;
		const db = new ChatDb(name);
		const tabs = await TabNetwork.open({ db, transport: new FakeNetwork().createTransport() });
		const asked: string[] = [];
		tabs.follow({ sendPending: (peer: string) => asked.push(peer) } as unknown as Messenger);
		const bob = createIdentity(await loadSodium()).peerId;
		const row = (peerId: string) => ({ direction: 'out' as const, id: newMessageId(), conversationId: peerId, peerId: peerId as never, seq: 1, text: 'hi', time: 1, status: 'pending' as const });
		db.changes.publish({ messages: [row(bob)], remote: true });
		expect(asked).toEqual([]);
		tabs.owner.claim();
		db.changes.publish({ messages: [row(bob), row(bob), row('../not-a-peer')], remote: true });
		db.changes.publish({ messages: [row(bob)] });
		expect(asked).toEqual([bob]);
		tabs.close();
	});

	it('starts its clock above every time this device stored, whatever the wall clock says', async () => {
		const db = new ChatDb(`clock-${++count}`);
		const future = Date.now() + 3_600_000;
		await addOutgoing(db, { id: newMessageId(future), conversationId: 'pbob', peerId: 'pbob' as never, text: 'from an hour ahead', time: future, seq: 1 });
		const tabs = await TabNetwork.open({ db, transport: new FakeNetwork().createTransport() });
		expect(tabs.clock.now()).toBeGreaterThan(future);
		tabs.close();
	});

	it('keeps its clock above times another tab stored', async () => {
		const name = `clock-mirror-${++count}`;
		const db = new ChatDb(name);
		const tabs = await TabNetwork.open({ db, transport: new FakeNetwork().createTransport(), channel: new BroadcastChannel(`tabs-${name}`) });
		const other = new ChatDb(name);
		const mirror = new FeedMirror(other.changes, new BroadcastChannel(`tabs-${name}`));
		const future = Date.now() + 3_600_000;
		await addOutgoing(other, { id: newMessageId(future), conversationId: 'pbob', peerId: 'pbob' as never, text: 'ahead', time: future, seq: 1 });
		await eventually(() => tabs.clock.now(), (now) => now > future);
		mirror.close();
		tabs.close();
	});
});
