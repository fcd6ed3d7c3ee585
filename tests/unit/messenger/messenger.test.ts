import { describe, expect, it } from 'vitest';
import { latestMessages, listConversations } from '../../../src/lib/db/queries';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { utf8 } from '../../../src/lib/ids/encoding';
import { Messenger } from '../../../src/lib/messenger/messenger';
import { silentLog } from '../../../src/lib/protocol/reject';
import { eventually, startedPeers, makePair, makePeer, type TestPeer } from './messenger-harness';
import { allSentMessages } from '../../../src/lib/db/delivery-marks';

const start = startedPeers();

const statuses = (peer: TestPeer) => allSentMessages(peer.db).then((rows) => rows.sort((a, b) => a.seq - b.seq).map((r) => r.status));

describe('Messenger between two online peers', () => {
	it('delivers a message, stores it once on each side and moves it from pending to sent', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
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
		await start(alice, bob);
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
		await start(alice, bob);
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
		await start(alice);
		await alice.messenger.addContact(bob.identity.peerId);
		for (const text of ['one', 'two', 'three']) await alice.messenger.sendText(bob.identity.peerId, text);
		expect(await statuses(alice)).toEqual(['pending', 'pending', 'pending']);
		await start(bob);
		// Bob coming online dials nobody yet in this issue; Alice's next send (or a retry) dials him.
		alice.messenger.connect(bob.identity.peerId);
		await eventually(() => statuses(alice), (s) => s.every((x) => x === 'sent'));
		const atBob = await latestMessages(bob.db, alice.identity.peerId, 10);
		expect(atBob.map((m) => m.text)).toEqual(['one', 'two', 'three']);
	});
});

describe('Messenger reachability', () => {
	it('delivers at once when a peer that has us as a contact comes online and dials us', async () => {
		const { network, alice, bob } = await makePair();
		// Alice's own dials (the first one and her backoff retries) never reach Bob, so the message
		// can only leave over the channel Bob opens when he comes online: no race with her retry
		// timer, hence no time bound (a 500 ms one failed under mutation-test load).
		network.redirect(bob.identity.peerId, 'nobody');
		await start(alice);
		await bob.messenger.addContact(alice.identity.peerId);
		await alice.messenger.addContact(bob.identity.peerId);
		await alice.messenger.sendText(bob.identity.peerId, 'waiting for you');
		await start(bob);
		await eventually(() => statuses(alice), (s) => s[0] === 'sent');
		expect(alice.messenger.connections.channel(bob.identity.peerId)?.link.outbound).toBe(false);
	});

	it('dials a peer the user asked for while signalling was still down, as soon as it comes up', async () => {
		const { alice, bob } = await makePair();
		await start(bob);
		// Not in the address book, so only the remembered request can make Alice dial Bob.
		alice.messenger.connect(bob.identity.peerId);
		await start(alice);
		await eventually(() => alice.messenger.connections.channel(bob.identity.peerId), (channel) => channel !== undefined);
	});

	it('keeps everything pending while invisible and sends it all when visible again', async () => {
		const { network, alice, bob } = await makePair();
		await start(alice, bob);
		await alice.messenger.addContact(bob.identity.peerId);
		await alice.messenger.sendText(bob.identity.peerId, 'before');
		await eventually(() => statuses(alice), (s) => s[0] === 'sent');
		await alice.messenger.setInvisible(true);
		expect(network.transports.has(alice.identity.peerId)).toBe(false);
		await alice.messenger.sendText(bob.identity.peerId, 'while invisible 1');
		await alice.messenger.sendText(bob.identity.peerId, 'while invisible 2');
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(await statuses(alice)).toEqual(['sent', 'pending', 'pending']);
		expect(await bob.db.receiver.count()).toBe(1);
		await alice.messenger.setInvisible(false);
		await eventually(() => statuses(alice), (s) => s.every((x) => x === 'sent'));
		const atBob = await latestMessages(bob.db, alice.identity.peerId, 10);
		expect(atBob.map((m) => m.text)).toEqual(['before', 'while invisible 1', 'while invisible 2']);
	});

	it('remembers invisible mode across restarts', async () => {
		const { network, alice } = await makePair();
		await start(alice);
		await alice.messenger.setInvisible(true);
		alice.messenger.stop();
		const messenger = new Messenger({
			db: alice.db,
			transport: network.createTransport(),
			sodium: await loadSodium(),
			identity: alice.identity,
			displayName: () => 'Alice',
			log: silentLog
		});
		await messenger.start();
		expect(messenger.invisible).toBe(true);
		expect(network.transports.has(alice.identity.peerId)).toBe(false);
		messenger.stop();
	});
});

describe('Messenger against a malicious signalling server', () => {
	it('refuses Mallory posing as Alice, warns, and stores nothing', async () => {
		const { network, alice, bob } = await makePair();
		const mallory = await makePeer(network, 'Mallory');
		await start(alice, bob, mallory);
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

describe('storeIncoming ordering', () => {
	it("keeps an author's messages in sequence order even when they arrive out of order", async () => {
		const { alice } = await makePair();
		const { storeIncoming } = await import('../../../src/lib/db/queries');
		const { newMessageId } = await import('../../../src/lib/ids/message-id');
		const peer = 'pbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' as never;
		const user = () => ({ peerId: peer, name: 'B', state: 'request' as const, addedAt: 0, lastActivity: 0 });
		const row = (seq: number, time: number) => ({ id: newMessageId(), conversationId: peer, peerId: peer, seq, text: `m${seq}`, authoredAt: 0, time, unread: 1 as const });
		for (const [seq, time] of [[1, 10], [2, 11], [5, 12], [3, 13], [4, 14], [6, 15]] as const) {
			await storeIncoming(alice.db, row(seq, time), user);
		}
		const thread = await latestMessages(alice.db, peer, 10);
		expect(thread.map((m) => m.text)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
	});
});
