// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { latestMessages } from '../../../src/lib/db/queries';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { Admission } from '../../../src/lib/messenger/admission';
import { Messenger } from '../../../src/lib/messenger/messenger';
import { silentLog } from '../../../src/lib/protocol/reject';
import { FakeNetwork, type FakeLink } from '../../../src/lib/net/fake-transport';
import { eventually, makePeer, startedPeers, type TestPeer } from '../messenger/messenger-harness';

const start = startedPeers();
const pid = (name: string) => `p${name}` as PeerId;

const inbound = (peer: TestPeer, from: TestPeer) =>
	latestMessages(peer.db, from.identity.peerId, 100).then((rows) => rows.filter((m) => m.direction === 'in').map((m) => m.text));

async function trio() {
	const network = new FakeNetwork();
	const links: FakeLink[] = [];
	const alice = await makePeer(network, 'Alice');
	const bob = await makePeer(network, 'Bob');
	const mallory = await makePeer(network, 'Mallory');
	alice.transport.on('link', (link) => void links.push(link as FakeLink));
	return { network, alice, bob, mallory, links };
}

describe('Admission policy', () => {
	it('refuses blocked ids, admits contacts, and treats everyone else by the reach setting', () => {
		const admission = new Admission();
		admission.load({ blocked: [pid('eve')], contacts: [pid('bob')], reach: 'anyone' });
		expect(admission.decide(pid('eve'))).toBe('refuse');
		expect(admission.decide(pid('bob'))).toBe('contact');
		expect(admission.decide(pid('zed'))).toBe('stranger');
		admission.setReach('contacts');
		expect(admission.decide(pid('zed'))).toBe('refuse');
		expect(admission.decide(pid('bob'))).toBe('contact');
	});

	it('follows block, unblock, accept and ignore', () => {
		const admission = new Admission();
		admission.block(pid('bob'));
		expect(admission.decide(pid('bob'))).toBe('refuse');
		admission.contact(pid('bob'));
		expect(admission.decide(pid('bob'))).toBe('contact');
		admission.block(pid('bob'));
		expect(admission.isContact(pid('bob'))).toBe(false);
		admission.contact(pid('carol'));
		admission.forget(pid('carol'));
		expect(admission.decide(pid('carol'))).toBe('stranger');
	});
});

describe('Messenger admission over the in-memory network (finding 1)', () => {
	it('with reach "contacts" a stranger never gets a connection, and nothing they send is stored', async () => {
		const { network, alice, mallory, links } = await trio();
		await start(alice, mallory);
		await alice.messenger.setReach('contacts');
		await mallory.messenger.sendText(alice.identity.peerId, 'let me in');
		await eventually(() => network.refused.length, (n) => n > 0);
		expect(links).toEqual([]);
		expect(await inbound(alice, mallory)).toEqual([]);
		expect(await alice.db.users.get(mallory.identity.peerId)).toBeUndefined();
	});

	it('switching to reach "contacts" drops a stranger who is already connected', async () => {
		const { network, alice, mallory } = await trio();
		await start(alice, mallory);
		await mallory.messenger.sendText(alice.identity.peerId, 'a request');
		await eventually(() => inbound(alice, mallory), (t) => t.length === 1);
		expect(alice.messenger.connections.channel(mallory.identity.peerId)).toBeDefined();
		await alice.messenger.setReach('contacts');
		expect(alice.messenger.connections.channel(mallory.identity.peerId)).toBeUndefined();
		await mallory.messenger.sendText(alice.identity.peerId, 'are you there?');
		await eventually(() => network.refused.length, (n) => n > 0);
		expect(await inbound(alice, mallory)).toEqual(['a request']);
	});

	it('keeps the reach setting across restarts', async () => {
		const { network, alice, mallory, links } = await trio();
		await start(alice);
		await alice.messenger.setReach('contacts');
		alice.messenger.stop();
		const transport = network.createTransport();
		transport.on('link', (link) => void links.push(link as FakeLink));
		const again = new Messenger({ db: alice.db, transport, sodium: await loadSodium(), identity: alice.identity, displayName: () => 'Alice', log: silentLog });
		await again.start();
		try {
			expect(again.reach).toBe('contacts');
			await start(mallory);
			await mallory.messenger.sendText(alice.identity.peerId, 'still here');
			await eventually(() => network.refused.length, (n) => n > 0);
			expect(links).toEqual([]);
		} finally {
			again.stop();
		}
	});

	it('refuses a blocked id at signalling, before any link exists', async () => {
		const { network, alice, mallory, links } = await trio();
		await start(alice, mallory);
		await mallory.messenger.sendText(alice.identity.peerId, 'hello');
		await eventually(() => alice.db.users.get(mallory.identity.peerId), (user) => user?.state === 'request');
		await alice.messenger.block(mallory.identity.peerId);
		const before = links.length;
		await mallory.messenger.sendText(alice.identity.peerId, 'hello again');
		mallory.messenger.connect(alice.identity.peerId);
		await eventually(() => network.refused.length, (n) => n > 0);
		expect(links.length).toBe(before);
		expect(network.refused).toContainEqual({ from: mallory.identity.peerId, to: alice.identity.peerId });
	});

	it('still refuses a blocked id in the handshake if a link gets through signalling anyway', async () => {
		const { alice, mallory } = await trio();
		await start(alice, mallory);
		await alice.messenger.block(mallory.identity.peerId);
		alice.transport.admission = () => 'stranger';
		await mallory.messenger.sendText(alice.identity.peerId, 'sneaking in');
		await eventually(() => alice.rejects, (r) => r.includes('blocked'));
		expect(await inbound(alice, mallory)).toEqual([]);
	});

	it('admits a stranger as a stranger when anyone may reach us, and a contact as a contact', async () => {
		const { alice, bob, mallory, links } = await trio();
		await start(alice, bob, mallory);
		await alice.messenger.addContact(bob.identity.peerId);
		await bob.messenger.addContact(alice.identity.peerId);
		await mallory.messenger.sendText(alice.identity.peerId, 'a request');
		await eventually(() => inbound(alice, mallory), (t) => t.length === 1);
		const kinds = new Map(links.map((link) => [link.peer, link.admittedAs]));
		expect(kinds.get(mallory.identity.peerId)).toBe('stranger');
		expect(kinds.get(bob.identity.peerId) ?? 'contact').toBe('contact');
	});

	it('tells our name to contacts only: a stranger learns it when the request is accepted', async () => {
		const { alice, mallory } = await trio();
		await start(alice, mallory);
		await mallory.messenger.addContact(alice.identity.peerId);
		await mallory.messenger.sendText(alice.identity.peerId, 'who are you?');
		await eventually(() => inbound(alice, mallory), (t) => t.length === 1);
		await eventually(() => alice.db.users.get(mallory.identity.peerId), (user) => user?.name === 'Mallory');
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect((await mallory.db.users.get(alice.identity.peerId))?.name).not.toBe('Alice');
		await alice.messenger.addContact(mallory.identity.peerId);
		await eventually(() => mallory.db.users.get(alice.identity.peerId), (user) => user?.name === 'Alice');
	});
});
