// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { editHistoryOf, latestMessages } from '../../../src/lib/db/queries';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { eventually, startedPeers, makePair, makePeer, type TestPeer } from './messenger-harness';

const start = startedPeers();

const textAt = async (peer: TestPeer, id: string) => (await peer.db.receiver.get(id))?.text;

describe('editing messages', () => {
	it('shows the new text on the other side, marks it edited and keeps every version', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await alice.messenger.addContact(bob.identity.peerId);
		const id = await alice.messenger.sendText(bob.identity.peerId, 'see you at 5');
		await eventually(() => textAt(bob, id), (t) => t === 'see you at 5');
		await alice.messenger.editMessage(id, 'see you at 6');
		await alice.messenger.editMessage(id, 'see you at 7');
		await eventually(() => textAt(bob, id), (t) => t === 'see you at 7');
		const atBob = await bob.db.receiver.get(id);
		expect(atBob?.version).toBe(2);
		expect((await editHistoryOf(bob.db, id as never)).map((h) => h.text)).toEqual(['see you at 5', 'see you at 6', 'see you at 7']);
		expect((await editHistoryOf(alice.db, id as never)).map((h) => h.text)).toEqual(['see you at 5', 'see you at 6', 'see you at 7']);
		await eventually(() => alice.db.edits.toArray(), (rows) => rows.every((r) => r.status === 'sent'));
	});

	it('edits a pending message in place and delivers only the final text once the peer is back', async () => {
		const { alice, bob } = await makePair();
		await start(alice);
		await alice.messenger.addContact(bob.identity.peerId);
		const id = await alice.messenger.sendText(bob.identity.peerId, 'draft one');
		await alice.messenger.editMessage(id, 'draft two');
		expect((await alice.db.sender.get(id))?.text).toBe('draft two');
		await start(bob);
		await eventually(() => textAt(bob, id), (t) => t === 'draft two');
		const thread = await latestMessages(bob.db, alice.identity.peerId, 10);
		expect(thread.map((m) => m.text)).toEqual(['draft two']);
	});

	it('refuses an edit from anyone but the author and stores nothing', async () => {
		const { network, alice, bob } = await makePair();
		const mallory = await makePeer(network, 'Mallory');
		await start(alice, bob, mallory);
		const id = await alice.messenger.sendText(bob.identity.peerId, 'the real text');
		await eventually(() => textAt(bob, id), (t) => t === 'the real text');
		mallory.messenger.connect(bob.identity.peerId);
		await eventually(() => mallory.messenger.connections.channel(bob.identity.peerId), (c) => c !== undefined);
		mallory.messenger.connections.send(bob.identity.peerId, { t: 'edit', id: newMessageId(), target: id, version: 9, ts: Date.now(), text: 'forged' });
		await eventually(() => bob.rejects, (r) => r.includes('not-author'));
		expect(await textAt(bob, id)).toBe('the real text');
		expect(await editHistoryOf(bob.db, id as never)).toEqual([]);
	});

	it('converges whatever order versions arrive in: the highest version wins', async () => {
		const { alice } = await makePair();
		const { applyIncomingEdit, storeIncoming } = await import('../../../src/lib/db/queries');
		const author = 'pbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' as never;
		const target = newMessageId();
		await storeIncoming(alice.db, { id: target, conversationId: author, peerId: author, seq: 1, text: 'v0', authoredAt: 0, time: 1, unread: 1 }, () => ({ peerId: author, name: 'B', state: 'request', addedAt: 0, lastActivity: 0 }));
		const edit = (version: number) => ({ id: newMessageId(), target, version, text: `v${version}`, author, authoredAt: 2, now: 2 });
		const [e1, e2, e3] = [edit(1), edit(2), edit(3)];
		expect(await applyIncomingEdit(alice.db, e3)).toBe('applied');
		expect(await applyIncomingEdit(alice.db, e1)).toBe('superseded');
		expect(await applyIncomingEdit(alice.db, e2)).toBe('superseded');
		expect(await textAt(alice, target)).toBe('v3');
	});
});
