import * as v from 'valibot';
import { FileBody, voiceBodyCheck } from '../files/file-frames';
import { parseMessageId, type MessageId } from '../ids/message-id';
import { parsePeerId, type PeerId } from '../ids/peer-id';
import { MAX_TEXT_CHARS } from '../protocol/limits';
import { parseGroupId, parseOpId, type GroupId, type OpId } from './group-ids';
import {
	MAX_GROUP_MEMBERS,
	MAX_GROUP_NAME_CHARS,
	MAX_OP_PARENTS,
	MAX_OP_REQUEST_IDS,
	MAX_RELAY_BATCH_MESSAGES,
	MAX_RELAY_RANGES,
	MAX_SUMMARY_AUTHORS
} from './group-limits';

// Group frames travel sealed inside the pairwise sessions like every other frame; each also
// fits FRAME_STRUCTURE (a map holding maps or arrays of scalars, at most 16 keys).

const bytes = (length: number) =>
	v.pipe(
		v.custom<Uint8Array>((input) => input instanceof Uint8Array, 'not bytes'),
		v.check((input) => input.length === length, `not ${length} bytes`)
	);
const counter = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const positive = v.pipe(counter, v.minValue(1));
const messageId = v.custom<MessageId>((input) => parseMessageId(input) !== null, 'not a UUIDv7 message id');
// Ids must already be canonical (lower case, no spaces): the signed bytes use them as sent.
const peerId = v.custom<PeerId>((input) => parsePeerId(input) === input, 'not a peer id');
const groupId = v.custom<GroupId>((input) => parseGroupId(input) !== null, 'not a group id');
const opId = v.custom<OpId>((input) => parseOpId(input) !== null, 'not an op id');
const text = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TEXT_CHARS));
// No trim transform: the name is signed as sent, so a schema must not change it.
const groupName = v.pipe(
	v.string(),
	v.minLength(1),
	v.maxLength(MAX_GROUP_NAME_CHARS),
	v.check((name) => name.trim() === name, 'name has outer spaces')
);

/** Who wrote it, with the key whose hash the receiver checks against `by`. */
const authored = { g: groupId, by: peerId, key: bytes(32), sig: bytes(64) };

const TextBody = v.object({ kind: v.literal('text'), text, reply: v.optional(messageId) });
const EditBody = v.object({ kind: v.literal('edit'), target: messageId, version: positive, text });
const DeleteBody = v.object({ kind: v.literal('delete'), target: messageId });
const GroupBodies = v.variant('kind', [TextBody, FileBody, EditBody, DeleteBody]);

/** A message, edit or delete in a group: one per seq of its author in that group. */
export const GroupMessageFrame = v.object({
	t: v.literal('gmsg'),
	...authored,
	seq: positive,
	id: messageId,
	/** Author's clock, for display only. */
	ts: counter,
	/** A file's body is PROTOCOL §13a's, signed field by field like text (signed-bytes.ts). */
	body: v.pipe(GroupBodies, voiceBodyCheck<v.InferOutput<typeof GroupBodies>>())
});

const opCommon = {
	t: v.literal('gop'),
	...authored,
	/** Lamport clock: above the clock of every op in `after`. */
	clock: positive,
	/** The heads of the op graph its author had seen (empty only for create). */
	after: v.pipe(v.array(opId), v.maxLength(MAX_OP_PARENTS))
};

/** A signed membership change (docs/PROTOCOL.md "Groups"). */
export const GroupOpFrame = v.variant('kind', [
	v.object({
		...opCommon,
		kind: v.literal('create'),
		name: groupName,
		/** Everyone but the creator, who is the first admin. */
		members: v.pipe(v.array(peerId), v.maxLength(MAX_GROUP_MEMBERS - 1)),
		/** Makes two groups with the same name and members two groups. */
		nonce: bytes(16)
	}),
	v.object({ ...opCommon, kind: v.literal('add'), member: peerId }),
	v.object({ ...opCommon, kind: v.literal('remove'), member: peerId }),
	v.object({ ...opCommon, kind: v.literal('admin'), member: peerId, admin: v.boolean() }),
	v.object({ ...opCommon, kind: v.literal('rename'), name: groupName }),
	v.object({ ...opCommon, kind: v.literal('leave') })
]);

/**
 * What the sender holds of one group: per author the contiguous run of seqs [from, upTo]
 * (parallel arrays keep the frame two levels deep), and its op graph's heads and size.
 */
export const GroupSummaryFrame = v.pipe(
	v.object({
		t: v.literal('gsum'),
		g: groupId,
		authors: v.pipe(v.array(peerId), v.maxLength(MAX_SUMMARY_AUTHORS)),
		from: v.array(positive),
		upTo: v.array(positive),
		heads: v.pipe(v.array(opId), v.maxLength(MAX_OP_PARENTS)),
		ops: counter
	}),
	v.check((f) => f.from.length === f.authors.length && f.upTo.length === f.authors.length, 'summary arrays differ in length'),
	v.check((f) => f.from.every((from, i) => from <= f.upTo[i]!), 'summary run ends before it starts')
);

/** Asks for messages [from, to] of each author; answered with the original frames, then `gdone`. */
export const GroupRelayRequestFrame = v.pipe(
	v.object({
		t: v.literal('greq'),
		g: groupId,
		authors: v.pipe(v.array(peerId), v.minLength(1), v.maxLength(MAX_RELAY_RANGES)),
		from: v.array(positive),
		to: v.array(positive)
	}),
	v.check((f) => f.from.length === f.authors.length && f.to.length === f.authors.length, 'request arrays differ in length'),
	v.check((f) => f.from.every((from, i) => from <= f.to[i]!), 'request range ends before it starts'),
	v.check((f) => f.from.reduce((n, from, i) => n + f.to[i]! - from + 1, 0) <= MAX_RELAY_BATCH_MESSAGES, 'request asks for too many messages')
);

/** Ends a relay response: how many frames were sent, and whether the sender holds more. */
export const GroupRelayDoneFrame = v.object({ t: v.literal('gdone'), g: groupId, sent: counter, more: v.boolean() });

/** Asks for ops by id (heads seen in a summary, or parents of an op that cannot be applied yet). */
export const GroupOpRequestFrame = v.object({
	t: v.literal('gopreq'),
	g: groupId,
	ids: v.pipe(v.array(opId), v.minLength(1), v.maxLength(MAX_OP_REQUEST_IDS))
});

export const GroupFrame = v.union([GroupMessageFrame, GroupOpFrame, GroupSummaryFrame, GroupRelayRequestFrame, GroupRelayDoneFrame, GroupOpRequestFrame]);

export type GroupMessageFrame = v.InferOutput<typeof GroupMessageFrame>;
export type GroupMessageBody = GroupMessageFrame['body'];
export type GroupOpFrame = v.InferOutput<typeof GroupOpFrame>;
export type GroupOpKind = GroupOpFrame['kind'];
export type GroupSummaryFrame = v.InferOutput<typeof GroupSummaryFrame>;
export type GroupRelayRequestFrame = v.InferOutput<typeof GroupRelayRequestFrame>;
export type GroupRelayDoneFrame = v.InferOutput<typeof GroupRelayDoneFrame>;
export type GroupOpRequestFrame = v.InferOutput<typeof GroupOpRequestFrame>;
export type GroupFrame = v.InferOutput<typeof GroupFrame>;

export const GROUP_FRAME_TYPES: ReadonlySet<string> = new Set(['gmsg', 'gop', 'gsum', 'greq', 'gdone', 'gopreq']);
