import { describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { addOutgoing, saveContact, setContactState } from '../../../src/lib/db/queries';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import { shortPeerId, type PeerId } from '../../../src/lib/ids/peer-id';
import { ArrivalBook } from '../../../src/lib/messenger/arrival-book';
import type { HandlerContext } from '../../../src/lib/messenger/context';
import { handleAcks, handleMessages, handlers } from '../../../src/lib/messenger/handlers';
import type { MessageFrame } from '../../../src/lib/protocol/frames';
import type { RejectReason } from '../../../src/lib/protocol/reject';
import { sentMessage } from '../../../src/lib/db/delivery-marks';

// The frame handlers against a real (in-memory) database and a recording context: what is
// stored, what is acked, what is refused and what the refusal costs the peer.

let dbCounter = 0;

async function scene() {
	const sodium = await loadSodium();
	const identity = createIdentity(sodium);
	const peer = createIdentity(sodium).peerId;
	const db = new ChatDb(`handlers-${++dbCounter}`);
	let clock = 1_000_000;
	const acks: MessageId[] = [];
	const refused: number[] = [];
	const rejects: { reason: RejectReason; detail: string }[] = [];
	const acknowledged: MessageId[][] = [];
	const settledAsked: MessageId[][] = [];
	let writing: Promise<void> | null = null;
	const context: HandlerContext = {
		db,
		identity,
		log: { reject: (reason, fields) => void rejects.push({ reason, detail: String(fields?.detail ?? '') }), info() {} },
		now: () => ++clock,
		announcedNames: new Map(),
		verifiedKeys: new Map(),
		acknowledge: (_peer, id) => void acks.push(id),
		refused: (_peer, count) => void refused.push(count),
		acknowledged: (_peer, ids) => void acknowledged.push([...ids]),
		settled: (ids) => {
			settledAsked.push([...ids]);
			return writing;
		}
	};
	return {
		db,
		peer,
		context,
		acks,
		refused,
		rejects,
		acknowledged,
		settledAsked,
		hold: (promise: Promise<void> | null): void => {
			writing = promise;
		},
		clock: () => clock
	};
}

let seq = 0;
function message(text: string, extra: Partial<MessageFrame> = {}): MessageFrame {
	return { t: 'msg', id: newMessageId(Date.now()), seq: ++seq, ts: Date.now(), body: { kind: 'text', text }, ...extra };
}

describe('the message handler', () => {
	it('stores a first message from a stranger as a request named by its announced name and proven key, unread', async () => {
		const { db, peer, context, acks } = await scene();
		const key = new Uint8Array(32).fill(7);
		context.announcedNames.set(peer, 'Carol');
		context.verifiedKeys.set(peer, key);
		const frames = [message('hello'), message('again', { v: 2 })];
		await handleMessages(context, peer, frames);
		const user = await db.users.get(peer);
		expect(user).toMatchObject({ name: 'Carol', state: 'request', unread: 2, preview: { text: 'again', outgoing: false } });
		expect(user?.publicKey).toEqual(key);
		const rows = await Promise.all(frames.map((frame) => db.receiver.get(frame.id)));
		expect(rows.map((row) => [row?.text, row?.unread, row?.version, row?.conversationId, row?.peerId])).toEqual([
			['hello', 1, 0, peer, peer],
			['again', 1, 2, peer, peer]
		]);
		// Arrival order is kept: the second row sorts after the first.
		expect(rows[1]!.time).toBeGreaterThan(rows[0]!.time);
		expect(rows[0]!.authoredAt).toBe(frames[0]!.ts);
		expect(acks).toEqual(frames.map((frame) => frame.id));
	});

	it('names an unknown author by its short id when it announced no name', async () => {
		const { db, peer, context } = await scene();
		await handleMessages(context, peer, [message('hi')]);
		expect((await db.users.get(peer))?.name).toBe(shortPeerId(peer));
	});

	it('refuses group messages without storing or acking them, and still stores the direct ones beside them', async () => {
		const { db, peer, context, acks, rejects, refused } = await scene();
		const group = message('to the group', { conv: 'some-group' });
		const direct = message('to you');
		await handleMessages(context, peer, [group, direct]);
		expect(await db.receiver.get(group.id)).toBeUndefined();
		expect(await db.receiver.get(direct.id)).toBeDefined();
		expect(acks).toEqual([direct.id]);
		expect(rejects.map((r) => r.reason)).toEqual(['unexpected']);
		expect(refused).toEqual([]);
	});

	it('does nothing at all for a run of group messages only', async () => {
		const { db, peer, context, acks } = await scene();
		await handleMessages(context, peer, [message('x', { conv: 'g' })]);
		expect(await db.users.get(peer)).toBeUndefined();
		expect(acks).toEqual([]);
	});

	it('acks a repeat of a stored message again, so the author can stop resending it', async () => {
		const { db, peer, context, acks } = await scene();
		const frame = message('once');
		await handleMessages(context, peer, [frame]);
		await handleMessages(context, peer, [frame]);
		expect(acks).toEqual([frame.id, frame.id]);
		expect((await db.users.get(peer))?.unread).toBe(1);
	});

	it('refuses what a blocked author sends, and charges every refused frame to them once per reason', async () => {
		const { db, peer, context, acks, rejects, refused } = await scene();
		await saveContact(db, { peerId: peer, placeholderName: 'b', now: 1 });
		await setContactState(db, peer, 'blocked', 2);
		const frames = [message('a'), message('b'), message('c')];
		await handleMessages(context, peer, frames);
		expect(acks).toEqual([]);
		expect(rejects).toEqual([{ reason: 'blocked-span', detail: '3 message(s) not stored' }]);
		expect(refused).toEqual([3]);
		expect(await db.receiver.count()).toBe(0);
	});

	it('refuses a message reusing one of our own ids as id-taken', async () => {
		const { db, peer, context, acks, rejects, refused } = await scene();
		const ours = newMessageId(Date.now());
		await addOutgoing(db, { id: ours, conversationId: peer, peerId: peer, text: 'mine', time: 1, seq: 1 });
		await handleMessages(context, peer, [message('stolen id', { id: ours })]);
		expect(acks).toEqual([]);
		expect(rejects.map((r) => r.reason)).toEqual(['id-taken']);
		expect(refused).toEqual([1]);
	});
});

describe('messages from a contact shown before they commit', () => {
	it('shows new messages of a known contact early, and shows no repeat of a stored one', async () => {
		const { db, peer, context } = await scene();
		const shown: string[] = [];
		const withdrawn: string[] = [];
		db.previews.subscribe((preview) => {
			shown.push(...preview.rows.map((row) => row.text));
			withdrawn.push(...(preview.withdrawn ?? []));
		});
		const arrivals = new ArrivalBook(() => true);
		const withBook: HandlerContext = { ...context, arrivals };
		const first = message('first');
		await handleMessages(withBook, peer, [first]);
		// Nothing of theirs is shown early until one of their messages has been stored.
		expect(shown).toEqual([]);
		await handleMessages(withBook, peer, [message('second'), message('third')]);
		expect(shown).toEqual(['second', 'third']);
		await handleMessages(withBook, peer, [first]);
		expect(shown).toEqual(['second', 'third']);
		expect(withdrawn).toEqual([]);
	});
});

describe('the ack handler', () => {
	it('moves every acked row to sent in one go and tells the outbox which ids moved', async () => {
		const { db, peer, context, acknowledged, settledAsked } = await scene();
		const ids = [newMessageId(Date.now()), newMessageId(Date.now() + 1), newMessageId(Date.now() + 2)];
		await Promise.all(ids.map((id, i) => addOutgoing(db, { id, conversationId: peer, peerId: peer, text: `m${i}`, time: i + 1, seq: i + 1 })));
		await handleAcks(context, peer, [
			{ t: 'ack', ids: [ids[0]!] },
			{ t: 'ack', ids: [ids[1]!, ids[2]!] }
		]);
		expect((await Promise.all(ids.map((id) => sentMessage(db, id)))).map((row) => row?.status)).toEqual(['sent', 'sent', 'sent']);
		expect(acknowledged).toEqual([ids]);
		expect(settledAsked).toEqual([ids]);
	});

	it('waits for a write still under way before moving its row', async () => {
		const { db, peer, context, hold } = await scene();
		const id = newMessageId(Date.now());
		let release = () => {};
		hold(new Promise<void>((resolve) => (release = resolve)));
		const acking = handlers.ack(context, peer, { t: 'ack', ids: [id] });
		// The row is written only now, as a send-ahead write that was still committing.
		await addOutgoing(db, { id, conversationId: peer, peerId: peer, text: 'ahead', time: 1, seq: 1 });
		release();
		await acking;
		expect((await sentMessage(db, id))?.status).toBe('sent');
	});
});

describe('the edit handler', () => {
	it('applies an edit of a stored message and acks it', async () => {
		const { db, peer, context, acks } = await scene();
		const original = message('first');
		await handleMessages(context, peer, [original]);
		const edit = { t: 'edit' as const, id: newMessageId(Date.now() + 5), target: original.id, version: 1, ts: Date.now(), text: 'second' };
		await handlers.edit(context, peer, edit);
		expect((await db.receiver.get(original.id))?.text).toBe('second');
		expect(acks).toEqual([original.id, edit.id]);
	});

	it('refuses an edit of a message not received, logs why, and charges it without an ack', async () => {
		const { peer, context, acks, rejects, refused } = await scene();
		await handlers.edit(context, peer, { t: 'edit', id: newMessageId(Date.now()), target: newMessageId(Date.now()), version: 1, ts: Date.now(), text: 'x' });
		expect(acks).toEqual([]);
		expect(rejects).toEqual([{ reason: 'unknown-target', detail: 'edit of a message not received' }]);
		expect(refused).toEqual([1]);
	});

	it('refuses an edit of somebody else’s message as not-author', async () => {
		const { peer, context, acks, rejects, refused } = await scene();
		const other = createIdentity(await loadSodium()).peerId as PeerId;
		const original = message('theirs');
		await handleMessages(context, other, [original]);
		acks.length = 0;
		await handlers.edit(context, peer, { t: 'edit', id: newMessageId(Date.now()), target: original.id, version: 1, ts: Date.now(), text: 'mine now' });
		expect(acks).toEqual([]);
		expect(rejects.map((r) => r.reason)).toEqual(['not-author']);
		expect(refused).toEqual([1]);
	});
});

describe('edit refusals', () => {
	it('log why each edit was refused and charge it to the peer, acking none', async () => {
		const { db, peer, context, acks, rejects, refused } = await scene();
		const original = message('first');
		await handleMessages(context, peer, [original]);
		acks.length = 0;
		const ours = newMessageId(Date.now() + 9);
		await addOutgoing(db, { id: ours, conversationId: peer, peerId: peer, text: 'mine', time: 1, seq: 1 });
		await handlers.edit(context, peer, { t: 'edit', id: ours, target: original.id, version: 1, ts: Date.now(), text: 'x' });
		await setContactState(db, peer, 'blocked', Date.now());
		await handlers.edit(context, peer, { t: 'edit', id: newMessageId(Date.now() + 10), target: original.id, version: 1, ts: Date.now(), text: 'y' });
		expect(acks).toEqual([]);
		expect(rejects).toEqual([
			{ reason: 'id-taken', detail: 'edit id already in use' },
			{ reason: 'blocked-span', detail: 'edit dated outside what the block rules allow' }
		]);
		expect(refused).toEqual([1, 1]);
	});
});

describe('the profile handler', () => {
	it('remembers and stores the cleaned name a peer announces', async () => {
		const { db, peer, context } = await scene();
		await saveContact(db, { peerId: peer, placeholderName: 'short', now: 1 });
		await handlers.profile(context, peer, { t: 'profile', name: 'Dora\u202e' });
		expect(context.announcedNames.get(peer)).toBe('Dora');
		expect((await db.users.get(peer))?.name).toBe('Dora');
	});

	it('stores the research consent a profile carries, and a profile without it as not given', async () => {
		const { db, peer, context } = await scene();
		await saveContact(db, { peerId: peer, placeholderName: 'short', now: 1 });
		await handlers.profile(context, peer, { t: 'profile', name: 'Dora', research: true });
		expect((await db.users.get(peer))?.researchConsent).toBe(true);
		// Withdrawn: the next profile leaves the field out (or says false).
		await handlers.profile(context, peer, { t: 'profile', name: 'Dora' });
		expect((await db.users.get(peer))?.researchConsent).toBe(false);
	});

	it('ignores a name with nothing visible, keeping the one it had', async () => {
		const { db, peer, context, rejects } = await scene();
		await saveContact(db, { peerId: peer, placeholderName: 'short', now: 1 });
		await handlers.profile(context, peer, { t: 'profile', name: '\u200b\u202e' });
		expect(context.announcedNames.has(peer)).toBe(false);
		expect((await db.users.get(peer))?.name).toBe('short');
		expect(rejects.map((r) => r.reason)).toEqual(['invalid']);
	});
});
