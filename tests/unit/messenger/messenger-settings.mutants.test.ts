import { describe, expect, it } from 'vitest';
import { latestMessages } from '../../../src/lib/db/queries';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { Messenger } from '../../../src/lib/messenger/messenger';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { eventually, makePeer, startedPeers, type TestPeer } from './messenger-harness';

// What the messenger keeps across a restart (invisible, who may reach us, who is a contact),
// what a block and an unreachable peer do at once, and a second line of admission behind a
// signalling server that lets everyone through. Written for messenger.ts mutants Stryker left
// alive with the faster messenger tests; each checked red against its mutant by hand.

const start = startedPeers();
const ABSENT = 'pabsentabsentabsentabsentabsentabsentabsentab' as PeerId;

/** The same device after a reload: same database and identity, a new messenger and transport. */
async function restarted(peer: TestPeer, network: FakeNetwork): Promise<TestPeer> {
	peer.messenger.stop();
	const transport = network.createTransport();
	const messenger = new Messenger({
		db: peer.db,
		transport,
		sodium: await loadSodium(),
		identity: peer.identity,
		displayName: () => peer.name,
		log: { reject: (reason) => void peer.rejects.push(reason), info() {} },
		journal: peer.journal
	});
	const again = { ...peer, transport, messenger };
	await start(again);
	return again;
}

describe('settings across a restart', () => {
	it('comes back invisible (signalling left off) with reach "contacts", stored under their keys', async () => {
		const network = new FakeNetwork();
		const alice = await makePeer(network, 'Alice');
		await start(alice);
		await alice.messenger.setReach('contacts');
		await alice.messenger.setInvisible(true);
		// The keys are stored data: renaming one would drop every user's choice on upgrade.
		expect(await alice.db.settings.get('invisible')).toMatchObject({ value: true });
		expect(await alice.db.settings.get('reach')).toMatchObject({ value: 'contacts' });
		const again = await restarted(alice, network);
		expect(again.messenger.invisible).toBe(true);
		expect(again.messenger.reach).toBe('contacts');
		expect(network.transports.has(alice.identity.peerId)).toBe(false);
	});

	it('lets anyone reach a fresh install, and is visible before start', async () => {
		const alice = await makePeer(new FakeNetwork(), 'Alice');
		expect(alice.messenger.invisible).toBe(false);
		await start(alice);
		expect(alice.messenger.reach).toBe('anyone');
		expect(alice.messenger.invisible).toBe(false);
	});

	it('after a restart with reach "contacts", a contact still gets through', async () => {
		const network = new FakeNetwork();
		const alice = await makePeer(network, 'Alice');
		const bob = await makePeer(network, 'Bob');
		await start(alice, bob);
		await alice.messenger.addContact(bob.identity.peerId);
		await alice.messenger.setReach('contacts');
		const again = await restarted(alice, network);
		await bob.messenger.addContact(alice.identity.peerId);
		await bob.messenger.sendText(alice.identity.peerId, 'still there?');
		await eventually(() => latestMessages(again.db, bob.identity.peerId, 10), (rows) => rows.length === 1);
	});

	it('asking for the mode it is already in changes nothing on the wire', async () => {
		const alice = await makePeer(new FakeNetwork(), 'Alice');
		await start(alice);
		const states: string[] = [];
		alice.messenger.events.on('transport', (state) => states.push(state));
		await alice.messenger.setInvisible(false);
		await alice.messenger.setInvisible(true);
		await alice.messenger.setInvisible(true);
		expect(states).toEqual(['offline']);
	});
});

describe('presence and retries', () => {
	it('a blocked peer shows offline at once', async () => {
		const network = new FakeNetwork();
		const alice = await makePeer(network, 'Alice');
		const bob = await makePeer(network, 'Bob');
		await start(alice, bob);
		await alice.messenger.addContact(bob.identity.peerId);
		await eventually(() => alice.messenger.presence(bob.identity.peerId), (presence) => presence === 'online');
		await alice.messenger.block(bob.identity.peerId);
		expect(alice.messenger.presence(bob.identity.peerId)).toBe('offline');
	});

	it('a contact owed messages that signalling cannot find is dialled again later, and shows offline', async () => {
		const alice = await makePeer(new FakeNetwork(), 'Alice');
		await start(alice);
		// Written while invisible: nothing dialled or scheduled yet.
		await alice.messenger.setInvisible(true);
		await alice.messenger.addContact(ABSENT);
		await alice.messenger.sendText(ABSENT, 'are you there?');
		let dials = 0;
		alice.messenger.connections.events.on('dialing', (peer) => void (peer === ABSENT && (dials += 1)));
		// Visible again: dial-on-connect finds nobody, and only the 'unreachable' it hears brings a retry.
		await alice.messenger.setInvisible(false);
		// The first retry comes within RETRY_BASE_MS (reach-policy.ts).
		await eventually(() => dials, (n) => n >= 2, 4_000);
		expect(alice.messenger.presence(ABSENT)).toBe('offline');
	});

	it('a reply carries the id of the message it replies to', async () => {
		const alice = await makePeer(new FakeNetwork(), 'Alice');
		await start(alice);
		const first = await alice.messenger.sendText(ABSENT, 'first');
		const reply = await alice.messenger.sendText(ABSENT, 'second', { replyTo: first });
		expect((await alice.db.sender.get(reply))?.replyTo).toBe(first);
	});
});

describe('admission behind a lax signalling server', () => {
	it('refuses the handshake of a blocked peer the server let through', async () => {
		const network = new FakeNetwork();
		const alice = await makePeer(network, 'Alice');
		const dave = await makePeer(network, 'Dave');
		await start(alice, dave);
		await alice.messenger.block(dave.identity.peerId);
		// The server forwards every offer: only the handshake's own admission check is left.
		alice.transport.admission = () => 'stranger';
		await dave.messenger.sendText(alice.identity.peerId, 'let me in');
		dave.messenger.connect(alice.identity.peerId);
		await eventually(() => dave.messenger.connections.isDialing(alice.identity.peerId), (dialing) => !dialing);
		expect(alice.messenger.connections.channel(dave.identity.peerId)).toBeUndefined();
		expect(await alice.db.receiver.count()).toBe(0);
	});
});
