import { encode } from '@msgpack/msgpack';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { FRAME_STRUCTURE, MAX_FRAME_BYTES, MAX_TEXT_CHARS } from '../../../src/lib/protocol/limits';
import { scanStructure } from '../../../src/lib/protocol/structure-scan';
import { GroupFrame, GroupMessageFrame, GroupOpFrame, GroupRelayRequestFrame, GroupSummaryFrame, GROUP_FRAME_TYPES } from '../../../src/lib/group/group-frames';
import type { GroupId, OpId } from '../../../src/lib/group/group-ids';
import { MAX_GROUP_MEMBERS, MAX_GROUP_NAME_CHARS, MAX_OP_PARENTS, MAX_RELAY_BATCH_MESSAGES, MAX_SUMMARY_AUTHORS } from '../../../src/lib/group/group-limits';
import { signGroupMessage, signGroupOp } from '../../../src/lib/group/group-signing';
import { SEALED_FRAME_TYPES } from '../../../src/lib/protocol/frames';
import { cast, type Cast } from './group-fixtures';

let c: Cast;
let members: PeerId[];
beforeAll(async () => {
	c = await cast();
	members = Array.from({ length: MAX_GROUP_MEMBERS - 1 }, () => createIdentity(c.sodium).peerId);
});

/** Room the seal takes around a frame (kind byte, counter, tag), with slack. */
const SEAL_BYTES = 64;

function onTheWire(frame: unknown): unknown {
	const bytes = encode(frame);
	expect(bytes.length + SEAL_BYTES).toBeLessThanOrEqual(MAX_FRAME_BYTES);
	expect(scanStructure(bytes, FRAME_STRUCTURE)).toEqual({ ok: true });
	return frame;
}

const g = 'g' + 'a'.repeat(32);

function parseIssue(frame: unknown): string {
	const result = v.safeParse(GroupFrame, frame);
	if (result.success) return 'ok';
	const deepest = (issue: v.BaseIssue<unknown>): v.BaseIssue<unknown> => (issue.issues?.length ? deepest(issue.issues[issue.issues.length - 1]!) : issue);
	return result.issues.map((issue) => `${v.getDotPath(deepest(issue)) ?? ''}: ${deepest(issue).message}`).join('; ');
}
const opId = (i: number) => ('o' + 'c'.repeat(31) + 'abcdefghijklmnop'[i]) as OpId;

describe('group frames', () => {
	it('fit the frame limit and the structure scan at their largest, and pass their schema', () => {
		const create = signGroupOp(c.sodium, c.alice, {
			kind: 'create',
			g: '' as GroupId,
			clock: 1,
			after: [],
			name: 'n'.repeat(MAX_GROUP_NAME_CHARS),
			members,
			nonce: new Uint8Array(16)
		});
		expect(v.safeParse(GroupOpFrame, onTheWire(create.frame)).issues?.map((i) => `${v.getDotPath(i)} ${i.message}`)).toBeUndefined();
		expect(parseIssue(onTheWire(create.frame))).toBe('ok');
		const longest = signGroupMessage(c.sodium, c.bob, { g: create.group, seq: 1, id: newMessageId(), ts: 1, body: { kind: 'text', text: '€'.repeat(MAX_TEXT_CHARS), reply: newMessageId() } });
		expect(v.safeParse(GroupMessageFrame, longest).issues?.map((i) => `${v.getDotPath(i)} ${i.message}`)).toBeUndefined();
		expect(parseIssue(onTheWire(longest))).toBe('ok');
		const authors = Array.from({ length: MAX_SUMMARY_AUTHORS }, () => members[0]!);
		const fullSummary = { t: 'gsum', g, authors, from: authors.map(() => 1), upTo: authors.map(() => Number.MAX_SAFE_INTEGER), heads: Array.from({ length: MAX_OP_PARENTS }, (_, i) => opId(i)), ops: 1024 };
		expect(parseIssue(onTheWire(fullSummary))).toBe('ok');
	});

	it('are sealed frames of types of their own', () => {
		const direct = ['auth', 'profile', 'msg', 'edit', 'delete', 'ack', 'read', 'ping', 'pong'];
		for (const type of GROUP_FRAME_TYPES) {
			expect(SEALED_FRAME_TYPES.has(type)).toBe(true);
			expect(direct).not.toContain(type);
		}
	});

	it('bound the name, the member list and the parents of an op', () => {
		const base = signGroupOp(c.sodium, c.alice, { kind: 'create', g: '' as GroupId, clock: 1, after: [], name: 'ok', members: [c.bob.peerId], nonce: new Uint8Array(16) }).frame;
		expect(v.safeParse(GroupOpFrame, base).success).toBe(true);
		expect(v.safeParse(GroupOpFrame, { ...base, name: 'n'.repeat(MAX_GROUP_NAME_CHARS + 1) }).success).toBe(false);
		expect(v.safeParse(GroupOpFrame, { ...base, name: '' }).success).toBe(false);
		expect(v.safeParse(GroupOpFrame, { ...base, name: ' padded' }).success).toBe(false);
		expect(v.safeParse(GroupOpFrame, { ...base, members: [...members, c.bob.peerId] }).success).toBe(false);
		expect(v.safeParse(GroupOpFrame, { ...base, members: [c.bob.peerId.toUpperCase()] }).success).toBe(false);
		expect(v.safeParse(GroupOpFrame, { ...base, after: Array.from({ length: MAX_OP_PARENTS + 1 }, (_, i) => opId(i)) }).success).toBe(false);
		expect(v.safeParse(GroupOpFrame, { ...base, kind: 'add' }).success).toBe(false);
		expect(v.safeParse(GroupOpFrame, { ...base, key: new Uint8Array(31) }).success).toBe(false);
	});

	it('bound a message body like a direct message', () => {
		const frame = signGroupMessage(c.sodium, c.bob, { g: g as GroupId, seq: 1, id: newMessageId(), ts: 1, body: { kind: 'text', text: 'x' } });
		expect(v.safeParse(GroupFrame, frame).success).toBe(true);
		expect(v.safeParse(GroupFrame, { ...frame, body: { kind: 'text', text: 'x'.repeat(MAX_TEXT_CHARS + 1) } }).success).toBe(false);
		expect(v.safeParse(GroupFrame, { ...frame, seq: 0 }).success).toBe(false);
		expect(v.safeParse(GroupFrame, { ...frame, g: 'g:not-an-id' }).success).toBe(false);
	});

	it('refuse summaries and requests whose arrays disagree or that ask too much', () => {
		const sum = { t: 'gsum', g, authors: [c.bob.peerId], from: [1], upTo: [3], heads: [], ops: 1 };
		expect(v.safeParse(GroupSummaryFrame, sum).success).toBe(true);
		expect(v.safeParse(GroupSummaryFrame, { ...sum, from: [1, 2] }).success).toBe(false);
		expect(v.safeParse(GroupSummaryFrame, { ...sum, from: [4] }).success).toBe(false);
		const req = { t: 'greq', g, authors: [c.bob.peerId, c.carol.peerId], from: [1, 1], to: [32, 32] };
		expect(v.safeParse(GroupRelayRequestFrame, req).success).toBe(true);
		expect(v.safeParse(GroupRelayRequestFrame, { ...req, to: [32, 33] }).success).toBe(false);
		expect(MAX_RELAY_BATCH_MESSAGES).toBe(64);
		expect(v.safeParse(GroupRelayRequestFrame, { ...req, to: [32] }).success).toBe(false);
		expect(v.safeParse(GroupRelayRequestFrame, { ...req, from: [5, 1], to: [4, 1] }).success).toBe(false);
	});
});
