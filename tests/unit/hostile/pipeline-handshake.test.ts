import { describe, expect, it } from 'vitest';
import { createIdentity, type Identity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { encodeHello } from '../../../src/lib/protocol/codec';
import { makeEnd } from '../session/session-pair';
import { eventually, makePair, makePeer, startedPeers } from '../messenger/messenger-harness';
import { connectRaw } from './raw-peer';
import { sentMessage } from '../../../src/lib/db/delivery-marks';

const start = startedPeers();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('hostile handshakes', () => {
	it.each([
		['all-zero', 0],
		['low-order (u = 1)', 1]
	])('fails the session cleanly on an %s ephemeral key instead of throwing', async (_name, u) => {
		const sodium = await loadSodium();
		const alice = createIdentity(sodium);
		const bob = createIdentity(sodium);
		const bobEnd = makeEnd(sodium, bob, alice.peerId, () => {});
		const eph = new Uint8Array(32);
		eph[0] = u;
		expect(() => bobEnd.session.receive(encodeHello({ t: 'hello', v: 1, id: alice.publicKey, eph }))).not.toThrow();
		expect(bobEnd.session.state).toBe('failed');
		expect(bobEnd.failures).toEqual(['bad-key']);
		expect(bobEnd.closed).toBe(true);
	});

	it('closes the link of a peer that sends an all-zero ephemeral key over the network', async () => {
		const { network, bob } = await makePair();
		const sodium = await loadSodium();
		await start(bob);
		const mallory = createIdentity(sodium);
		const raw = await connectRaw(network, mallory, bob.identity.peerId, {
			ephemeral: { publicKey: new Uint8Array(32), privateKey: new Uint8Array(32) }
		});
		await eventually(() => raw.closed(), (closed) => closed);
		expect(bob.rejects).toContain('bad-key');
	});

	it("refuses a hello with Alice's key and the attacker's own ephemeral key: the transcript signature is checked", async () => {
		const { network, alice, bob } = await makePair();
		const sodium = await loadSodium();
		await start(bob);
		const mallory = createIdentity(sodium);
		// Mallory claims Alice's identity key (so the id check passes) and signs with her own key.
		const claimed: Identity = { peerId: alice.identity.peerId, publicKey: alice.identity.publicKey, secretKey: mallory.secretKey };
		const raw = await connectRaw(network, claimed, bob.identity.peerId);
		await eventually(() => bob.rejects, (r) => r.includes('bad-signature'));
		const id = newMessageId();
		if (!raw.closed()) raw.sendFrame({ t: 'msg', id, seq: 1, ts: Date.now(), body: { kind: 'text', text: 'I am Alice' } });
		await pause(50);
		expect(bob.messenger.connections.channel(alice.identity.peerId)).toBeUndefined();
		expect(await bob.db.receiver.get(id)).toBeUndefined();
		expect(raw.closed()).toBe(true);
	});
});

describe('hostile acks and duplicates', () => {
	it("an ack from Bob cannot mark Alice's messages to Carol as sent", async () => {
		const { network, alice, bob } = await makePair();
		const carol = await makePeer(network, 'Carol');
		await start(alice);
		const toCarol = await alice.messenger.sendText(carol.identity.peerId, 'for Carol only');
		const raw = await connectRaw(network, bob.identity, alice.identity.peerId);
		await eventually(() => raw.ready(), (ready) => ready);
		raw.sendFrame({ t: 'ack', ids: [toCarol] });
		raw.sendFrame({ t: 'ping', n: 1 });
		await eventually(() => raw.received.some((frame) => frame.t === 'pong'), (seen) => seen);
		await pause(50);
		expect((await sentMessage(alice.db, toCarol))?.status).toBe('pending');
	});

	it('a stored message is never overwritten, even if the duplicate check were to miss it', async () => {
		const { alice } = await makePair();
		const { storeIncoming } = await import('../../../src/lib/db/queries');
		const author = 'pbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' as never;
		const id = newMessageId();
		const row = { id, conversationId: author, peerId: author, seq: 1, text: 'original', authoredAt: 0, time: 1, unread: 1 as const };
		const user = () => ({ peerId: author, name: 'B', state: 'contact' as const, addedAt: 0, lastActivity: 0 });
		await storeIncoming(alice.db, row, user);
		// Simulate a check that misses the stored row: the write itself must still refuse to replace it.
		const table = alice.db.receiver;
		const bulkGet = table.bulkGet.bind(table);
		table.bulkGet = ((keys: string[]) => bulkGet(keys).then((rows) => rows.map(() => undefined))) as typeof table.bulkGet;
		await storeIncoming(alice.db, { ...row, text: 'replaced', seq: 2, time: 2 }, user).catch(() => 'failed');
		table.bulkGet = bulkGet as typeof table.bulkGet;
		expect((await alice.db.receiver.get(id))?.text).toBe('original');
	});
});
