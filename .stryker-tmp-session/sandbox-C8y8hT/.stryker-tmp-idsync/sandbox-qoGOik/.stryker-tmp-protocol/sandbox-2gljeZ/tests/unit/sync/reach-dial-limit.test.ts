// @ts-nocheck
// 
// 
import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import type { Link } from '../../../src/lib/net/transport';
import { MAX_DIALS_IN_FLIGHT } from '../../../src/lib/sync/reach-policy';
import { eventually, makePeer, startedPeers } from '../messenger/messenger-harness';

const start = startedPeers();
const CONTACTS = 20;

describe('coming online dials a few contacts at a time (review finding 5)', () => {
	it(`keeps at most ${MAX_DIALS_IN_FLIGHT} dial-on-connect handshakes under way, never holding back a dial the user asked for`, async () => {
		const sodium = await loadSodium();
		const network = new FakeNetwork();
		const alice = await makePeer(network, 'Alice');
		// Contacts that are online but never answer the handshake: each dial stays under way.
		const answering: Link[] = [];
		const contacts: PeerId[] = [];
		for (let i = 0; i < CONTACTS; i++) {
			const id = createIdentity(sodium).peerId;
			const transport = network.createTransport();
			transport.on('link', (link) => void answering.push(link));
			transport.start(id);
			contacts.push(id);
		}
		await alice.db.users.bulkAdd(contacts.map((peerId, i) => ({ peerId, name: `c${i}`, state: 'contact' as const, addedAt: i, lastActivity: i })));
		const dialled: PeerId[] = [];
		alice.messenger.connections.events.on('dialing', (peer) => void dialled.push(peer));
		const underWay = () => contacts.filter((peer) => alice.messenger.connections.isDialing(peer)).length;
		await start(alice);
		await eventually(() => dialled.length, (n) => n >= MAX_DIALS_IN_FLIGHT);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(underWay()).toBe(MAX_DIALS_IN_FLIGHT);
		expect(dialled.length).toBe(MAX_DIALS_IN_FLIGHT);

		// Opening a chat with a contact still waiting its turn dials at once.
		const chosen = contacts.find((peer) => !dialled.includes(peer)) as PeerId;
		alice.messenger.connect(chosen);
		expect(dialled).toContain(chosen);
		expect(underWay()).toBe(MAX_DIALS_IN_FLIGHT + 1);

		// A handshake that ends (here: the contact hangs up) lets the next one start.
		await eventually(() => answering.length, (n) => n > 0);
		answering[0]?.close();
		await eventually(() => dialled.length, (n) => n === MAX_DIALS_IN_FLIGHT + 2);
		expect(underWay()).toBe(MAX_DIALS_IN_FLIGHT + 1);
	});
});
