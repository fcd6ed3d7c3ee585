import { beforeAll, describe, expect, it } from 'vitest';
import type { MessageId } from '../../../src/lib/ids/message-id';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { admitGroupMessage, admitGroupOp, type HeldGroupMessages } from '../../../src/lib/group/admission';
import type { GroupId, OpId } from '../../../src/lib/group/group-ids';
import type { GroupMessageFrame } from '../../../src/lib/group/group-frames';
import { checkGroupMessage, signGroupMessage, signGroupOp, verifyGroupMessage, verifyGroupOp, type VerifiedGroupMessage } from '../../../src/lib/group/group-signing';
import { foldMembership, type GroupState } from '../../../src/lib/group/membership';
import { cast, createGroup, Writer, type Cast } from './group-fixtures';

let c: Cast;
let state: GroupState;
let group: GroupId;
let writer: Writer;

beforeAll(async () => {
	c = await cast();
	const create = createGroup(c.sodium, c.alice, [c.bob, c.carol, c.dave]);
	group = create.group;
	writer = new Writer(c.sodium, c.alice, group, [create]);
	writer.write({ kind: 'remove', member: c.dave.peerId });
	state = foldMembership(group, writer.seen)!;
});

function message(author = c.bob, seq = 1, text = 'on the wall at six'): GroupMessageFrame {
	return signGroupMessage(c.sodium, author, { g: group, seq, id: newMessageId(), ts: 1_700_000_000_000, body: { kind: 'text', text } });
}

/** A store holding the given messages. */
function store(...held: GroupMessageFrame[]): HeldGroupMessages {
	return {
		idAt: (g, author, seq) => held.find((m) => m.g === g && m.by === author && m.seq === seq)?.id,
		placeOf: (id) => {
			const m = held.find((h) => h.id === id);
			return m && { group: m.g, author: m.by, seq: m.seq };
		}
	};
}

function verified(frame: GroupMessageFrame): VerifiedGroupMessage {
	const checked = verifyGroupMessage(c.sodium, frame);
	if (!checked.ok) throw new Error(checked.reason);
	return checked.value;
}

describe('group messages: forged, altered, relayed, replayed', () => {
	it('accepts a member’s message, delivered by its author or relayed by another member', () => {
		const frame = message();
		expect(admitGroupMessage(state, verified(frame), c.bob.peerId, store())).toEqual({ ok: true, value: 'new' });
		expect(admitGroupMessage(state, verified(frame), c.carol.peerId, store())).toEqual({ ok: true, value: 'new' });
	});

	it('refuses a message signed by another key than the author’s (forged author)', () => {
		const forged = { ...message(c.carol), by: c.bob.peerId };
		expect(verifyGroupMessage(c.sodium, forged)).toEqual({ ok: false, reason: 'wrong-key' });
		const forgedWithKey = { ...message(c.carol), by: c.bob.peerId, key: c.bob.publicKey };
		expect(verifyGroupMessage(c.sodium, forgedWithKey)).toEqual({ ok: false, reason: 'bad-signature' });
	});

	it('refuses a message altered on the way in any signed field (a relay rewriting it)', () => {
		const frame = message();
		const other = newMessageId();
		const alterations: Partial<GroupMessageFrame>[] = [
			{ body: { kind: 'text', text: 'on the wall at seven' } },
			{ body: { kind: 'text', text: frame.body.kind === 'text' ? frame.body.text : '', reply: other } },
			{ body: { kind: 'delete', target: other } },
			{ seq: 2 },
			{ id: other },
			{ ts: frame.ts + 1 },
			{ g: createGroup(c.sodium, c.alice, [c.bob]).group }
		];
		for (const change of alterations) {
			expect(verifyGroupMessage(c.sodium, { ...frame, ...change } as GroupMessageFrame), JSON.stringify(change)).toEqual({ ok: false, reason: 'bad-signature' });
		}
		const sig = frame.sig.slice();
		sig[0]! ^= 1;
		expect(verifyGroupMessage(c.sodium, { ...frame, sig })).toEqual({ ok: false, reason: 'bad-signature' });
	});

	it('takes its author’s own copy on the session’s word, and checks every other copy’s signature', () => {
		const frame = message();
		const sig = frame.sig.slice();
		sig[0]! ^= 1;
		const badlySigned = { ...frame, sig };
		// Over Bob's own authenticated session: the handshake proves the author, no Ed25519 check.
		expect(checkGroupMessage(c.sodium, badlySigned, c.bob.peerId)).toEqual({ ok: true, value: { frame: badlySigned, verified: 'session' } });
		expect(checkGroupMessage(c.sodium, frame, c.bob.peerId)).toEqual({ ok: true, value: { frame, verified: 'session' } });
		// Relayed by Carol: the signature is all there is.
		expect(checkGroupMessage(c.sodium, badlySigned, c.carol.peerId)).toEqual({ ok: false, reason: 'bad-signature' });
		expect(checkGroupMessage(c.sodium, frame, c.carol.peerId)).toEqual({ ok: true, value: { frame, verified: 'signature' } });
		// Even over the author's session the key must be the author's (it is stored and relayed).
		expect(checkGroupMessage(c.sodium, { ...frame, key: c.carol.publicKey }, c.bob.peerId)).toEqual({ ok: false, reason: 'wrong-key' });
		// Carol's session cannot pass off a message as Bob's own copy.
		const asBob = { ...message(c.carol), by: c.bob.peerId };
		expect(checkGroupMessage(c.sodium, asBob, c.carol.peerId)).toEqual({ ok: false, reason: 'wrong-key' });
	});

	it('signs edits and deletes with their target, version and text', () => {
		const target = newMessageId() as MessageId;
		const edit = signGroupMessage(c.sodium, c.bob, { g: group, seq: 2, id: newMessageId(), ts: 1, body: { kind: 'edit', target, version: 1, text: 'fixed' } });
		expect(verifyGroupMessage(c.sodium, edit).ok).toBe(true);
		expect(verifyGroupMessage(c.sodium, { ...edit, body: { ...edit.body, version: 2 } } as GroupMessageFrame).ok).toBe(false);
		expect(verifyGroupMessage(c.sodium, { ...edit, body: { kind: 'edit', target: newMessageId(), version: 1, text: 'fixed' } }).ok).toBe(false);
	});

	it('takes a copy already held as a duplicate, whoever delivers it, and stores nothing', () => {
		const frame = message();
		expect(admitGroupMessage(state, verified(frame), c.carol.peerId, store(frame))).toEqual({ ok: true, value: 'duplicate' });
	});

	it('refuses a replayed seq with another id, and an id reused at another place', () => {
		const first = message(c.bob, 1);
		const second = message(c.bob, 1, 'a second message at the same seq');
		expect(admitGroupMessage(state, verified(second), c.bob.peerId, store(first))).toEqual({ ok: false, reason: 'replayed' });
		const reused = signGroupMessage(c.sodium, c.bob, { g: group, seq: 2, id: first.id, ts: 1, body: { kind: 'text', text: 'x' } });
		expect(admitGroupMessage(state, verified(reused), c.bob.peerId, store(first))).toEqual({ ok: false, reason: 'replayed' });
	});

	it('refuses a message from a removed member, and one relayed by a removed member', () => {
		expect(admitGroupMessage(state, verified(message(c.dave)), c.dave.peerId, store())).toEqual({ ok: false, reason: 'not-member' });
		expect(admitGroupMessage(state, verified(message(c.bob)), c.dave.peerId, store())).toEqual({ ok: false, reason: 'relay-not-member' });
		expect(admitGroupMessage(state, verified(message(c.erin)), c.erin.peerId, store())).toEqual({ ok: false, reason: 'not-member' });
	});

	it('refuses a message for a group not known here', () => {
		expect(admitGroupMessage(null, verified(message()), c.bob.peerId, store())).toEqual({ ok: false, reason: 'unknown-group' });
		const otherCreate = createGroup(c.sodium, c.bob, [c.alice]);
		const elsewhere = foldMembership(otherCreate.group, [otherCreate]);
		expect(elsewhere?.members.has(c.bob.peerId)).toBe(true);
		expect(admitGroupMessage(elsewhere, verified(message()), c.bob.peerId, store())).toEqual({ ok: false, reason: 'unknown-group' });
	});
});

describe('membership ops: forged, altered, replayed into another group, from outsiders', () => {
	it('verifies an op and derives the same id whoever checks it', () => {
		const op = writer.seen[1]!;
		const checked = verifyGroupOp(c.sodium, op.frame);
		expect(checked.ok && checked.value.id).toBe(op.id);
	});

	it('refuses an op with a key that is not the author’s, or a signature that does not cover it', () => {
		const op = writer.seen[1]!.frame;
		expect(verifyGroupOp(c.sodium, { ...op, by: c.bob.peerId })).toEqual({ ok: false, reason: 'wrong-key' });
		expect(verifyGroupOp(c.sodium, { ...op, key: c.bob.publicKey, by: c.bob.peerId })).toEqual({ ok: false, reason: 'bad-signature' });
		expect(verifyGroupOp(c.sodium, { ...op, member: c.bob.peerId } as typeof op)).toEqual({ ok: false, reason: 'bad-signature' });
		expect(verifyGroupOp(c.sodium, { ...op, clock: op.clock + 1 })).toEqual({ ok: false, reason: 'bad-signature' });
		expect(verifyGroupOp(c.sodium, { ...op, after: [] })).toEqual({ ok: false, reason: 'bad-signature' });
		expect(verifyGroupOp(c.sodium, { ...op, after: [('o' + 'z'.repeat(32)) as OpId] })).toEqual({ ok: false, reason: 'bad-signature' });
	});

	it('refuses an op moved into another group', () => {
		const other = createGroup(c.sodium, c.alice, [c.bob]).group;
		expect(verifyGroupOp(c.sodium, { ...writer.seen[1]!.frame, g: other })).toEqual({ ok: false, reason: 'bad-signature' });
	});

	it('refuses a create whose group id is not its own, and a create naming its creator or a member twice', () => {
		const create = createGroup(c.sodium, c.alice, [c.bob]).frame;
		expect(verifyGroupOp(c.sodium, { ...create, g: group })).toEqual({ ok: false, reason: 'invalid' });
		const twice = signGroupOp(c.sodium, c.alice, { kind: 'create', g: '' as GroupId, clock: 1, after: [], name: 'x', members: [c.bob.peerId, c.bob.peerId], nonce: new Uint8Array(16) });
		expect(verifyGroupOp(c.sodium, twice.frame)).toEqual({ ok: false, reason: 'invalid' });
		const self = signGroupOp(c.sodium, c.alice, { kind: 'create', g: '' as GroupId, clock: 1, after: [], name: 'x', members: [c.alice.peerId], nonce: new Uint8Array(16) });
		expect(verifyGroupOp(c.sodium, self.frame)).toEqual({ ok: false, reason: 'invalid' });
	});

	it('refuses a non-create op with no parents', () => {
		const orphan = signGroupOp(c.sodium, c.alice, { kind: 'rename', g: group, clock: 5, after: [], name: 'Orphan' });
		expect(verifyGroupOp(c.sodium, orphan.frame)).toEqual({ ok: false, reason: 'invalid' });
	});

	it('refuses ops for an unknown group unless they create it', () => {
		const create = createGroup(c.sodium, c.bob, [c.alice]);
		const add = new Writer(c.sodium, c.bob, create.group, [create]).write({ kind: 'add', member: c.carol.peerId });
		expect(admitGroupOp(null, create, [])).toEqual({ ok: true, value: 'new' });
		expect(admitGroupOp(null, add, [])).toEqual({ ok: false, reason: 'unknown-group' });
		expect(admitGroupOp(state, add, writer.seen)).toEqual({ ok: false, reason: 'unknown-group' });
	});

	it('refuses an op from a removed member written after their removal, and from a stranger', () => {
		const dave = new Writer(c.sodium, c.dave, group, [...writer.seen]);
		const late = dave.write({ kind: 'leave' });
		expect(admitGroupOp(state, late, writer.seen)).toEqual({ ok: false, reason: 'not-member' });
		const erin = new Writer(c.sodium, c.erin, group, [...writer.seen]).write({ kind: 'leave' });
		expect(admitGroupOp(state, erin, writer.seen)).toEqual({ ok: false, reason: 'not-member' });
	});

	it('keeps a removed member’s op written concurrently with the removal (the fold voids it)', () => {
		const dave = new Writer(c.sodium, c.dave, group, [writer.seen[0]!]);
		const concurrent = dave.write({ kind: 'leave' });
		expect(admitGroupOp(state, concurrent, writer.seen)).toEqual({ ok: true, value: 'new' });
		const folded = foldMembership(group, [...writer.seen, concurrent])!;
		expect(folded.ignored.get(concurrent.id)).toBe('author-removed');
	});

	it('takes an outsider’s op that a held op names as a parent (members who hold both must fold the same)', () => {
		// Erin was added and removed, then wrote an op anyway (it saw her removal, so it is refused
		// on its own); Alice received it and wrote an op after it. A receiver holding Alice's op
		// needs Erin's to fold it, as every member holding both does.
		const alice = new Writer(c.sodium, c.alice, group, [...writer.seen]);
		alice.write({ kind: 'add', member: c.erin.peerId });
		alice.write({ kind: 'remove', member: c.erin.peerId });
		const erinLate = new Writer(c.sodium, c.erin, group, [...alice.seen]).write({ kind: 'leave' });
		alice.learn(erinLate);
		const afterwards = alice.write({ kind: 'rename', name: 'After Erin' });
		const held = alice.seen.filter((op) => op.id !== erinLate.id);
		const waiting = foldMembership(group, held)!;
		expect(waiting.members.has(c.erin.peerId)).toBe(false);
		expect(waiting.missing).toEqual([erinLate.id]);
		expect(waiting.waiting).toEqual([afterwards.id]);
		expect(admitGroupOp(waiting, erinLate, held)).toEqual({ ok: true, value: 'new' });
		expect(admitGroupOp(state, erinLate, writer.seen)).toEqual({ ok: false, reason: 'not-member' });
		expect(foldMembership(group, alice.seen)!.name).toBe('After Erin');
	});

	it('refuses ops beyond the group’s op limit', () => {
		const op = new Writer(c.sodium, c.bob, group, [...writer.seen]).write({ kind: 'leave' });
		const many = Array.from({ length: 1024 }, () => writer.seen[0]!);
		expect(admitGroupOp(state, op, many)).toEqual({ ok: false, reason: 'too-many-ops' });
	});
});
