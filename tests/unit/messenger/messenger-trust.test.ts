import { describe, expect, it } from 'vitest';
import { latestMessages } from '../../../src/lib/db/queries';
import { eventually, startedPeers, makePair, type TestPeer } from './messenger-harness';
import { allSentMessages } from '../../../src/lib/db/delivery-marks';

const start = startedPeers();

const texts = async (peer: TestPeer, from: TestPeer) =>
	(await latestMessages(peer.db, from.identity.peerId, 100)).filter((m) => m.direction === 'in').map((m) => m.text);

describe('message requests and blocking', () => {
	it('a stranger arrives as a request; once blocked, nothing they send is stored, even across restarts of their outbox', async () => {
		const { network, alice, bob: dave } = await makePair();
		await start(alice, dave);
		await dave.messenger.sendText(alice.identity.peerId, 'hi, remember me?');
		await eventually(() => alice.db.users.get(dave.identity.peerId), (user) => user?.state === 'request');
		await alice.messenger.block(dave.identity.peerId);
		expect((await alice.db.users.get(dave.identity.peerId))?.state).toBe('blocked');
		await dave.messenger.sendText(alice.identity.peerId, 'why did you block me');
		dave.messenger.connect(alice.identity.peerId);
		// Refused at signalling now (the handshake check stays as a second line, tests/unit/hostile).
		await eventually(() => network.refused.length, (n) => n > 0);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await texts(alice, dave)).toEqual(['hi, remember me?']);
		expect(network.refused).toContainEqual({ from: dave.identity.peerId, to: alice.identity.peerId });
		expect(alice.messenger.connections.channel(dave.identity.peerId)).toBeUndefined();
	});

	it('after unblocking, what was written while blocked is never delivered, but new messages are', async () => {
		const { alice, bob: dave } = await makePair();
		await start(alice, dave);
		await alice.messenger.addContact(dave.identity.peerId);
		await dave.messenger.addContact(alice.identity.peerId);
		await dave.messenger.sendText(alice.identity.peerId, 'before');
		await eventually(() => texts(alice, dave), (t) => t.length === 1);
		await alice.messenger.block(dave.identity.peerId);
		await dave.messenger.sendText(alice.identity.peerId, 'during');
		await new Promise((resolve) => setTimeout(resolve, 50));
		await alice.messenger.unblock(dave.identity.peerId);
		await dave.messenger.sendText(alice.identity.peerId, 'after');
		await eventually(() => texts(alice, dave), (t) => t.includes('after'));
		expect(await texts(alice, dave)).toEqual(['before', 'after']);
		// The refused message is never acknowledged: Dave's tick does not claim a delivery.
		const status = async () => Object.fromEntries((await allSentMessages(dave.db)).map((row) => [row.text, row.status]));
		await eventually(status, (s) => s.after === 'sent');
		expect(await status()).toEqual({ before: 'sent', during: 'pending', after: 'sent' });
	});

	it('an ignored request stays stored but never counts as unread', async () => {
		const { alice, bob: dave } = await makePair();
		await start(alice, dave);
		await dave.messenger.sendText(alice.identity.peerId, 'first');
		await eventually(() => alice.db.users.get(dave.identity.peerId), (user) => user?.state === 'request');
		await alice.messenger.ignore(dave.identity.peerId);
		await dave.messenger.sendText(alice.identity.peerId, 'second');
		await eventually(() => texts(alice, dave), (t) => t.length === 2);
		expect(await alice.db.receiver.where('[conversationId+unread]').equals([dave.identity.peerId, 1]).count()).toBe(0);
	});
});
