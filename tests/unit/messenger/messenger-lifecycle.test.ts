import { describe, expect, it } from 'vitest';
import type { Presence } from '../../../src/lib/messenger/messenger';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { eventually, makePair, startedPeers, type TestPeer } from './messenger-harness';

// What the user sees of a peer coming and going (presence, last seen, the key on record), and
// what the messenger's actions do while invisible or before anyone is connected.

const start = startedPeers();

function presenceLog(peer: TestPeer): [PeerId, Presence][] {
	const log: [PeerId, Presence][] = [];
	peer.messenger.events.on('presence', (who, presence) => void log.push([who, presence]));
	return log;
}

describe('a peer coming and going', () => {
	it('shows them online with their proven key on record, then offline with a last-seen time', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		const seen = presenceLog(alice);
		await alice.messenger.addContact(bob.identity.peerId);
		await eventually(() => alice.messenger.presence(bob.identity.peerId), (p) => p === 'online');
		const row = await eventually(() => alice.db.users.get(bob.identity.peerId), (user) => user?.publicKey !== undefined);
		expect(row?.publicKey).toEqual(bob.identity.publicKey);
		const firstSeen = row?.lastSeen ?? 0;
		bob.messenger.stop();
		await eventually(() => alice.messenger.presence(bob.identity.peerId), (p) => p === 'offline');
		await eventually(() => alice.db.users.get(bob.identity.peerId), (user) => (user?.lastSeen ?? 0) >= firstSeen && user?.lastSeen !== undefined);
		expect(seen).toEqual([
			[bob.identity.peerId, 'online'],
			[bob.identity.peerId, 'offline']
		]);
	});

	it('sends its name to a contact on connect, and tells a stranger nothing', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await bob.messenger.addContact(alice.identity.peerId);
		await eventually(() => alice.messenger.connections.channel(bob.identity.peerId), Boolean);
		// Bob (a contact to himself of Alice) told Alice his name; Alice (Bob is a stranger to her) did not.
		await eventually(() => alice.messenger.rememberedPeers().names, (n) => n === 1);
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(bob.messenger.rememberedPeers().names).toBe(0);
		expect(alice.messenger.rememberedPeers().keys).toBe(1);
		expect(alice.messenger.rememberedPeers().presence).toBe(1);
	});
});

describe('editing', () => {
	it('reports false for a message that does not exist or an edit to the same text', async () => {
		const { alice, bob } = await makePair();
		await start(alice);
		expect(await alice.messenger.editMessage(newMessageId(), 'x')).toBe(false);
		const id = await alice.messenger.sendText(bob.identity.peerId, 'same');
		expect(await alice.messenger.editMessage(id, 'same')).toBe(false);
		expect(await alice.messenger.editMessage(id, 'different')).toBe(true);
	});

	it('keeps an edit made while invisible pending, and delivers it once visible', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await alice.messenger.addContact(bob.identity.peerId);
		const id = await alice.messenger.sendText(bob.identity.peerId, 'draft');
		await eventually(() => bob.db.receiver.get(id), Boolean);
		await alice.messenger.setInvisible(true);
		expect(await alice.messenger.editMessage(id, 'final')).toBe(true);
		alice.messenger.nudge();
		alice.messenger.sendPending(bob.identity.peerId);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect((await bob.db.receiver.get(id))?.text).toBe('draft');
		expect((await alice.db.edits.toArray()).map((edit) => edit.status)).toEqual(['pending']);
		await alice.messenger.setInvisible(false);
		await eventually(() => bob.db.receiver.get(id), (row) => row?.text === 'final');
		await eventually(() => alice.db.edits.toArray(), (rows) => rows[0]?.status === 'sent');
	});

	it('sends an edit at once over a live channel', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await alice.messenger.addContact(bob.identity.peerId);
		const id = await alice.messenger.sendText(bob.identity.peerId, 'draft');
		await eventually(() => bob.db.receiver.get(id), Boolean);
		await alice.messenger.editMessage(id, 'final');
		await eventually(() => bob.db.receiver.get(id), (row) => row?.text === 'final');
	});
});

describe('invisible mode', () => {
	it('is left as it is when set to what it already is', async () => {
		const { network, alice } = await makePair();
		await start(alice);
		expect(alice.messenger.invisible).toBe(false);
		await alice.messenger.setInvisible(false);
		expect(network.transports.has(alice.identity.peerId)).toBe(true);
		await alice.messenger.setInvisible(true);
		await alice.messenger.setInvisible(true);
		expect(alice.messenger.invisible).toBe(true);
		expect(network.transports.has(alice.identity.peerId)).toBe(false);
	});

	it('sends nothing and dials no one when nudged, flushed or asked to connect', async () => {
		const { network, alice, bob } = await makePair();
		await start(alice, bob);
		await alice.messenger.setInvisible(true);
		await alice.messenger.addContact(bob.identity.peerId);
		await alice.messenger.sendText(bob.identity.peerId, 'quiet');
		alice.messenger.nudge();
		alice.messenger.flushAll();
		alice.messenger.connect(bob.identity.peerId);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(alice.messenger.connections.peers()).toEqual([]);
		expect(await bob.db.receiver.count()).toBe(0);
		expect(network.transports.has(alice.identity.peerId)).toBe(false);
	});
});

describe('a nudge', () => {
	it('redials the peers we owe messages to once signalling is up', async () => {
		const { alice, bob } = await makePair();
		await start(alice);
		await alice.messenger.sendText(bob.identity.peerId, 'for later');
		await start(bob);
		alice.messenger.nudge();
		await eventually(() => bob.db.receiver.count(), (n) => n === 1);
	});
});

describe('requests', () => {
	it('marks a conversation read, and an ignored request no longer counts as unread', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await alice.messenger.sendText(bob.identity.peerId, 'one');
		await eventually(() => bob.db.users.get(alice.identity.peerId), (user) => user?.unread === 1);
		await bob.messenger.markRead(alice.identity.peerId);
		expect((await bob.db.users.get(alice.identity.peerId))?.unread).toBe(0);
		await alice.messenger.sendText(bob.identity.peerId, 'two');
		await eventually(() => bob.db.users.get(alice.identity.peerId), (user) => user?.unread === 1);
		await bob.messenger.ignore(alice.identity.peerId);
		expect(await bob.db.users.get(alice.identity.peerId)).toMatchObject({ state: 'ignored', unread: 0 });
	});

	it('unblocking lets the peer reach us again', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await bob.messenger.addContact(alice.identity.peerId);
		await bob.messenger.block(alice.identity.peerId);
		expect(bob.messenger.connections.channel(alice.identity.peerId)).toBeUndefined();
		await bob.messenger.unblock(alice.identity.peerId);
		expect((await bob.db.users.get(alice.identity.peerId))?.state).toBe('contact');
		await eventually(() => bob.messenger.connections.channel(alice.identity.peerId), Boolean);
		expect(bob.messenger.presence(alice.identity.peerId)).toBe('online');
	});
});
