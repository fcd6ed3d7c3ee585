import { afterEach, describe, expect, it } from 'vitest';
import { latestMessages, listConversations } from '../../../src/lib/db/queries';
import { utf8 } from '../../../src/lib/ids/encoding';
import { eventually, makePair, makePeer, type TestPeer } from './messenger-harness';

const started: TestPeer[] = [];
function start(...peers: TestPeer[]): void {
	for (const peer of peers) {
		peer.messenger.start();
		started.push(peer);
	}
}

afterEach(() => {
	for (const peer of started.splice(0)) peer.messenger.stop();
});

const statuses = (peer: TestPeer) => peer.db.sender.toArray().then((rows) => rows.sort((a, b) => a.seq - b.seq).map((r) => r.status));

describe('Messenger between two online peers', () => {
	it('delivers a message, stores it once on each side and moves it from pending to sent', async () => {
		const { alice, bob } = await makePair();
		start(alice, bob);
		await alice.messenger.addContact(bob.identity.peerId);
		const id = await alice.messenger.sendText(bob.identity.peerId, '  hello Bob  ');
		const received = await eventually(() => bob.db.receiver.get(id), (row) => row !== undefined);
		expect(received).toMatchObject({ text: 'hello Bob', peerId: alice.identity.peerId, unread: 1 });
		await eventually(() => statuses(alice), (s) => s[0] === 'sent');
		const bobsView = await listConversations(bob.db);
		expect(bobsView).toMatchObject([{ user: { peerId: alice.identity.peerId, state: 'request', name: 'Alice' }, unread: 1 }]);
	});

	it('keeps order and numbering for a burst in both directions', async () => {
		const { alice, bob } = await makePair();
		start(alice, bob);
		await alice.messenger.addContact(bob.identity.peerId);
		await bob.messenger.addContact(alice.identity.peerId);
		for (let i = 1; i <= 30; i++) {
			await alice.messenger.sendText(bob.identity.peerId, `a${i}`);
			await bob.messenger.sendText(alice.identity.peerId, `b${i}`);
		}
		await eventually(() => bob.db.receiver.count(), (n) => n === 30);
		await eventually(() => alice.db.receiver.count(), (n) => n === 30);
		const atBob = await latestMessages(bob.db, alice.identity.peerId, 100);
		const fromAlice = atBob.filter((m) => m.direction === 'in').map((m) => m.text);
		expect(fromAlice).toEqual(Array.from({ length: 30 }, (_, i) => `a${i + 1}`));
		await eventually(() => statuses(alice), (s) => s.length === 30 && s.every((x) => x === 'sent'));
		await eventually(() => statuses(bob), (s) => s.length === 30 && s.every((x) => x === 'sent'));
	});

	it('puts no message text on the wire', async () => {
		const { network, alice, bob } = await makePair();
		const wire: Uint8Array[] = [];
		network.tap((_from, _to, bytes) => wire.push(bytes));
		start(alice, bob);
		await alice.messenger.sendText(bob.identity.peerId, 'attack at dawn');
		await eventually(() => bob.db.receiver.count(), (n) => n === 1);
		const needle = utf8('attack');
		const found = wire.some((bytes) => Buffer.from(bytes).includes(Buffer.from(needle)));
		expect(wire.length).toBeGreaterThan(3);
		expect(found).toBe(false);
	});
});

describe('Messenger with an offline peer', () => {
	it('keeps messages pending while the peer is away and delivers them in order, once, when it appears', async () => {
		const { alice, bob } = await makePair();
		start(alice);
		await alice.messenger.addContact(bob.identity.peerId);
		for (const text of ['one', 'two', 'three']) await alice.messenger.sendText(bob.identity.peerId, text);
		expect(await statuses(alice)).toEqual(['pending', 'pending', 'pending']);
		start(bob);
		// Bob coming online dials nobody yet in this issue; Alice's next send (or a retry) dials him.
		alice.messenger.connect(bob.identity.peerId);
		await eventually(() => statuses(alice), (s) => s.every((x) => x === 'sent'));
		const atBob = await latestMessages(bob.db, alice.identity.peerId, 10);
		expect(atBob.map((m) => m.text)).toEqual(['one', 'two', 'three']);
	});
});

describe('Messenger against a malicious signalling server', () => {
	it('refuses Mallory posing as Alice, warns, and stores nothing', async () => {
		const { network, alice, bob } = await makePair();
		const mallory = await makePeer(network, 'Mallory');
		start(alice, bob, mallory);
		const warnings: string[] = [];
		bob.messenger.events.on('warning', (_peer, reason) => warnings.push(reason));
		network.redirect(alice.identity.peerId, mallory.identity.peerId);
		await bob.messenger.addContact(alice.identity.peerId);
		await bob.messenger.sendText(alice.identity.peerId, 'for Alice only');
		await eventually(() => warnings, (w) => w.includes('wrong-key'));
		expect(await mallory.db.receiver.count()).toBe(0);
		expect(await statuses(bob)).toEqual(['pending']);
		expect(bob.rejects).toContain('wrong-key');
	});
});
