import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { addOutgoing, saveContact, setContactState } from '../../../src/lib/db/queries';
import { REQUEST_MAX_TEXT_CHARS } from '../../../src/lib/db/inbound-rules';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { handleMessages, handlers } from '../../../src/lib/messenger/handlers';
import type { DeleteFrame } from '../../../src/lib/protocol/frames';
import { handlerScene, nextId, textFrame, type HandlerScene } from './handler-scene';

// The delete, read-receipt and edit handlers beyond frame-handlers.test.ts: what a delete-for-everyone from a peer does to the
// stored message, which deletes are acked, which are refused (logged, charged, never acked),
// and how far a read receipt moves the peer's read mark.

const deleteOf = (target: DeleteFrame['target'], extra: Partial<DeleteFrame> = {}): DeleteFrame => ({ t: 'delete', id: nextId(), target, ts: Date.now(), ...extra });

async function storedFrom(scene: HandlerScene, author: PeerId = scene.peer) {
	const frame = textFrame('to be deleted');
	await handleMessages(scene.context, author, [frame]);
	scene.acks.length = 0;
	return frame;
}

describe('the delete handler', () => {
	it("tombstones the peer's own message and acks the delete", async () => {
		const scene = await handlerScene();
		await saveContact(scene.db, { peerId: scene.peer, placeholderName: 'p', now: 1 });
		const original = await storedFrom(scene);
		const frame = deleteOf(original.id);
		await handlers.delete(scene.context, scene.peer, frame);
		const row = await scene.db.receiver.get(original.id);
		expect(row?.deletedAt).toBeDefined();
		expect(row?.text).toBe('');
		expect(scene.acks).toEqual([frame.id]);
		expect(scene.rejects).toEqual([]);
		expect(scene.refused).toEqual([]);
	});

	it('acks a repeated delete again, so the author stops resending it', async () => {
		const scene = await handlerScene();
		await saveContact(scene.db, { peerId: scene.peer, placeholderName: 'p', now: 1 });
		const original = await storedFrom(scene);
		const frame = deleteOf(original.id);
		await handlers.delete(scene.context, scene.peer, frame);
		await handlers.delete(scene.context, scene.peer, frame);
		expect(scene.acks).toEqual([frame.id, frame.id]);
		expect(scene.refused).toEqual([]);
	});

	it("refuses a delete of somebody else's message: logged, charged, not acked, text kept", async () => {
		const scene = await handlerScene();
		const other = createIdentity(await loadSodium()).peerId;
		const original = await storedFrom(scene, other);
		await handlers.delete(scene.context, scene.peer, deleteOf(original.id));
		expect(scene.acks).toEqual([]);
		expect(scene.rejects).toEqual([{ reason: 'not-author', detail: 'delete of a message this peer did not write' }]);
		expect(scene.refused).toEqual([1]);
		expect((await scene.db.receiver.get(original.id))?.text).toBe('to be deleted');
	});

	it('refuses a delete whose id is one of our own message ids as id-taken', async () => {
		const scene = await handlerScene();
		const original = await storedFrom(scene);
		const ours = nextId();
		await addOutgoing(scene.db, { id: ours, conversationId: scene.peer, peerId: scene.peer, text: 'mine', time: 1, seq: 1 });
		await handlers.delete(scene.context, scene.peer, deleteOf(original.id, { id: ours }));
		expect(scene.acks).toEqual([]);
		expect(scene.rejects).toEqual([{ reason: 'id-taken', detail: 'delete id already in use' }]);
		expect(scene.refused).toEqual([1]);
		expect((await scene.db.receiver.get(original.id))?.deletedAt).toBeUndefined();
	});

	it('refuses a delete from a blocked peer by the block rules', async () => {
		const scene = await handlerScene();
		const original = await storedFrom(scene);
		await setContactState(scene.db, scene.peer, 'blocked', Date.now());
		await handlers.delete(scene.context, scene.peer, deleteOf(original.id, { ts: Date.now() + 60_000 }));
		expect(scene.acks).toEqual([]);
		expect(scene.rejects).toEqual([{ reason: 'blocked-span', detail: 'delete dated outside what the block rules allow' }]);
		expect(scene.refused).toEqual([1]);
		expect((await scene.db.receiver.get(original.id))?.deletedAt).toBeUndefined();
	});
});

describe('the read handler', () => {
	it("moves the peer's read mark forward, never past what we sent them, never back", async () => {
		const scene = await handlerScene();
		await saveContact(scene.db, { peerId: scene.peer, placeholderName: 'p', now: 1 });
		for (let seq = 1; seq <= 3; seq++) await addOutgoing(scene.db, { id: nextId(), conversationId: scene.peer, peerId: scene.peer, text: `m${seq}`, time: seq, seq });
		const mark = async () => (await scene.db.users.get(scene.peer))?.readUpTo;
		await handlers.read(scene.context, scene.peer, { t: 'read', upTo: 2 });
		expect(await mark()).toBe(2);
		await handlers.read(scene.context, scene.peer, { t: 'read', upTo: 1 });
		expect(await mark()).toBe(2);
		await handlers.read(scene.context, scene.peer, { t: 'read', upTo: 99 });
		expect(await mark()).toBe(3);
	});
});

describe('the edit handler with a message request', () => {
	it("refuses an edit past the request's text quota as over-quota: logged, charged, not acked", async () => {
		const scene = await handlerScene();
		const original = await storedFrom(scene);
		await handlers.edit(scene.context, scene.peer, { t: 'edit', id: nextId(), target: original.id, version: 1, ts: Date.now(), text: 'x'.repeat(REQUEST_MAX_TEXT_CHARS) });
		expect(scene.acks).toEqual([]);
		expect(scene.rejects).toEqual([{ reason: 'over-quota', detail: 'too many versions from a message request' }]);
		expect(scene.refused).toEqual([1]);
		expect((await scene.db.receiver.get(original.id))?.text).toBe('to be deleted');
	});
});
