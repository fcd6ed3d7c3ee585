import { describe, expect, it } from 'vitest';
import { editHistoryOf, saveContact } from '../../../src/lib/db/queries';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import { eventually, startedPeers, makePair, makePeer, type TestPeer } from './messenger-harness';

const start = startedPeers();

const atBob = (bob: TestPeer, id: string) => bob.db.receiver.get(id);

describe('replies and deletes between two messengers', () => {
	it('a reply carries only the id of its original, and both sides keep it', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await alice.messenger.addContact(bob.identity.peerId);
		const original = await alice.messenger.sendText(bob.identity.peerId, 'lunch?');
		const reply = await alice.messenger.sendText(bob.identity.peerId, 'at noon', { replyTo: original });
		await eventually(() => atBob(bob, reply), (row) => row !== undefined);
		expect((await atBob(bob, reply))?.replyTo).toBe(original);
		expect((await alice.db.sender.get(reply))?.replyTo).toBe(original);
		expect((await atBob(bob, original))?.replyTo).toBeUndefined();
	});

	it('delete for everyone reaches the other side, wipes every version there, and is acked', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await alice.messenger.addContact(bob.identity.peerId);
		const id = await alice.messenger.sendText(bob.identity.peerId, 'wrong chat');
		await eventually(() => atBob(bob, id), (row) => row?.text === 'wrong chat');
		await alice.messenger.editMessage(id, 'wrong chat, sorry');
		await eventually(() => atBob(bob, id), (row) => row?.text === 'wrong chat, sorry');
		expect(await alice.messenger.deleteForEveryone(id)).toBe(true);
		await eventually(() => atBob(bob, id), (row) => row?.deletedAt !== undefined);
		expect((await atBob(bob, id))?.text).toBe('');
		expect((await editHistoryOf(bob.db, id)).every((version) => version.text === '')).toBe(true);
		await eventually(() => alice.db.edits.toArray(), (rows) => rows.every((row) => row.status === 'sent'));
	});

	it('a delete written while the peer is offline goes out on reconnect, after its message, and only the tombstone arrives', async () => {
		const { alice, bob } = await makePair();
		await saveContact(bob.db, { peerId: alice.identity.peerId, placeholderName: 'Alice', now: 1 });
		await start(alice);
		await alice.messenger.addContact(bob.identity.peerId);
		const kept = await alice.messenger.sendText(bob.identity.peerId, 'kept');
		const gone = await alice.messenger.sendText(bob.identity.peerId, 'regretted');
		await alice.messenger.deleteForEveryone(gone);
		await start(bob);
		await eventually(() => atBob(bob, gone), (row) => row?.deletedAt !== undefined);
		expect((await atBob(bob, kept))?.text).toBe('kept');
		expect((await atBob(bob, gone))?.text).toBe('');
		expect(JSON.stringify(await bob.db.receiver.toArray())).not.toContain('regretted');
		await eventually(() => alice.db.edits.toArray(), (rows) => rows.length === 1 && rows[0]?.status === 'sent');
	});

	it('from someone not yet accepted, a delete of a message that never arrived is acked and stores nothing', async () => {
		const { alice, bob } = await makePair();
		await start(alice);
		await alice.messenger.addContact(bob.identity.peerId);
		const gone = await alice.messenger.sendText(bob.identity.peerId, 'regretted');
		await alice.messenger.deleteForEveryone(gone);
		await alice.messenger.sendText(bob.identity.peerId, 'hi');
		await start(bob);
		await eventually(() => alice.db.edits.toArray(), (rows) => rows.length === 1 && rows[0]?.status === 'sent');
		expect(await atBob(bob, gone)).toBeUndefined();
	});

	it('refuses a delete from anyone but the author and does not ack it', async () => {
		const { network, alice, bob } = await makePair();
		const mallory = await makePeer(network, 'Mallory');
		await start(alice, bob, mallory);
		const id = await alice.messenger.sendText(bob.identity.peerId, 'the real text');
		await eventually(() => atBob(bob, id), (row) => row?.text === 'the real text');
		mallory.messenger.connect(bob.identity.peerId);
		await eventually(() => mallory.messenger.connections.channel(bob.identity.peerId), (c) => c !== undefined);
		const forged: MessageId = newMessageId();
		await mallory.db.edits.add({ id: forged, target: id, peerId: bob.identity.peerId, version: 1, text: '', time: Date.now(), status: 'pending', kind: 'delete' });
		mallory.messenger.sendPending(bob.identity.peerId);
		await eventually(() => bob.rejects, (r) => r.includes('not-author'));
		expect((await atBob(bob, id))?.text).toBe('the real text');
		// Not acked: the forger's row stays pending.
		expect((await mallory.db.edits.get(forged))?.status).toBe('pending');
	});
});
