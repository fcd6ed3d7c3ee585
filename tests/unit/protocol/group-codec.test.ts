import { encode } from '@msgpack/msgpack';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIdentity, type Identity } from '../../../src/lib/crypto/identity';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import type { GroupId } from '../../../src/lib/group/group-ids';
import { MAX_GROUP_MEMBERS, MAX_OP_PARENTS, MAX_RELAY_BATCH_MESSAGES, MAX_SUMMARY_AUTHORS } from '../../../src/lib/group/group-limits';
import { signGroupMessage, signGroupOp } from '../../../src/lib/group/group-signing';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { decodeSealedPlaintext, encodeFrame } from '../../../src/lib/protocol/codec';
import { SEALED_FRAME_TYPES, type SealedFrame } from '../../../src/lib/protocol/frames';
import { MAX_TEXT_CHARS } from '../../../src/lib/protocol/limits';

let sodium: Sodium;
let alice: Identity;
let others: PeerId[];

beforeAll(async () => {
	sodium = await loadSodium();
	alice = createIdentity(sodium);
	others = Array.from({ length: MAX_GROUP_MEMBERS - 1 }, () => createIdentity(sodium).peerId);
});

const create = () =>
	signGroupOp(sodium, alice, { kind: 'create', g: '' as GroupId, clock: 1, after: [], name: 'Everyone', members: others, nonce: new Uint8Array(16) });

const roundTrip = (frame: unknown) => decodeSealedPlaintext(encode(frame));

describe('group frames in the sealed codec', () => {
	it('knows every group frame type', () => {
		for (const t of ['gmsg', 'gop', 'gsum', 'greq', 'gdone', 'gopreq', 'gread']) expect(SEALED_FRAME_TYPES.has(t)).toBe(true);
	});

	it('round-trips the largest frames of each kind: a full create, a full summary, a longest message', () => {
		const op = create();
		const group = op.group;
		const message = signGroupMessage(sodium, alice, { g: group, seq: 1, id: newMessageId(), ts: 1, body: { kind: 'text', text: '€'.repeat(MAX_TEXT_CHARS) } });
		const authors = Array.from({ length: MAX_SUMMARY_AUTHORS }, (_, i) => others[i % others.length]!);
		const frames: unknown[] = [
			op.frame,
			message,
			{ t: 'gsum', g: group, authors, from: authors.map(() => 1), upTo: authors.map(() => 2 ** 40), heads: Array.from({ length: MAX_OP_PARENTS }, () => op.id), ops: 1024 },
			{ t: 'greq', g: group, authors: [alice.peerId], from: [1], to: [MAX_RELAY_BATCH_MESSAGES] },
			{ t: 'gdone', g: group, sent: 64, more: true },
			{ t: 'gopreq', g: group, ids: [op.id] },
			{ t: 'gread', g: group, upTo: Number.MAX_SAFE_INTEGER }
		];
		for (const frame of frames) {
			const bytes = encodeFrame(frame as SealedFrame);
			expect(decodeSealedPlaintext(bytes)).toEqual({ ok: true, frame });
		}
	});

	it.each([
		['a relay request past one batch', (g: GroupId) => ({ t: 'greq', g, authors: [others[0]], from: [1], to: [MAX_RELAY_BATCH_MESSAGES + 1] })],
		['a summary whose arrays differ in length', (g: GroupId) => ({ t: 'gsum', g, authors: [others[0]], from: [1, 2], upTo: [3], heads: [], ops: 0 })],
		['a summary run that ends before it starts', (g: GroupId) => ({ t: 'gsum', g, authors: [others[0]], from: [5], upTo: [3], heads: [], ops: 0 })],
		['an op request for nothing', (g: GroupId) => ({ t: 'gopreq', g, ids: [] })],
		['a message with a group id that is not one', () => ({ ...signGroupMessage(sodium, alice, { g: 'gxyz' as GroupId, seq: 1, id: newMessageId(), ts: 1, body: { kind: 'text', text: 'x' } }) })],
		['a create naming more members than a group holds', () => ({ ...create().frame, members: [...others, alice.peerId] })],
		['a group read receipt for seq 0', (g: GroupId) => ({ t: 'gread', g, upTo: 0 })],
		['a group read receipt past the largest safe seq', (g: GroupId) => ({ t: 'gread', g, upTo: 2 ** 53 })],
		['a group read receipt with a fractional seq', (g: GroupId) => ({ t: 'gread', g, upTo: 1.5 })],
		['a group read receipt without a seq', (g: GroupId) => ({ t: 'gread', g })],
		['a group read receipt naming a peer id as its group', () => ({ t: 'gread', g: alice.peerId, upTo: 1 })],
		['a group read receipt whose group is a number', () => ({ t: 'gread', g: 7, upTo: 1 })]
	])('refuses %s as invalid', (_name, build) => {
		expect(roundTrip(build(create().group))).toMatchObject({ ok: false, reason: 'invalid' });
	});
});

describe('encoding frames for many sessions', () => {
	it('encodes a signed group message once for every member it goes to, and the bytes are its own', () => {
		const frame = signGroupMessage(sodium, alice, { g: create().group, seq: 1, id: newMessageId(1), ts: 1, body: { kind: 'text', text: 'to all of you' } });
		const first = encodeFrame(frame);
		expect(encodeFrame(frame)).toBe(first);
		// Encoding other frames in between reuses the encoder's buffer, never these bytes.
		encodeFrame({ t: 'ack', ids: [newMessageId(2)] });
		expect(decodeSealedPlaintext(first)).toEqual({ ok: true, frame });
	});

	it('gives every other frame bytes of its own, even from the one shared encoder', () => {
		const ack = encodeFrame({ t: 'ack', ids: [newMessageId(3)] });
		const copy = ack.slice();
		encodeFrame({ t: 'ack', ids: [newMessageId(4), newMessageId(5)] });
		expect(ack).toEqual(copy);
		expect(encodeFrame({ t: 'ack', ids: [newMessageId(3)] })).not.toBe(ack);
	});
});
