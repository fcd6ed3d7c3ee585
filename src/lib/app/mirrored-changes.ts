import { MAX_ANNOUNCED_FILE_CIPHERS, MAX_FILE_CIPHER_ID } from '../crypto/file-cipher-id';
import * as v from 'valibot';
import type { StoredChanges } from '../db/change-feed';
import type { ThreadMessage, UserRow } from '../db/schema';
import { MAX_NAME_CHARS, MAX_TEXT_CHARS } from '../protocol/limits';

/**
 * What one tab posts to the others on the change mirror, and the schema every post is checked
 * against before it reaches this tab's readers. Same origin only, but a post is still input:
 * another tab may run an older or newer build, and a compromised page of the origin could post
 * anything. Bounded sizes keep one post from costing more than a big write would anyway.
 */
export const MIRROR_VERSION = 1;
/** More rows than the largest batch a writer commits at once (group commit, bulk acks). */
export const MAX_MIRRORED_ROWS = 10_000;
const MAX_ID_CHARS = 128;
const MAX_BLOCK_WINDOWS = 1_000;

const id = v.pipe(v.string(), v.maxLength(MAX_ID_CHARS));
const time = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const text = v.pipe(v.string(), v.maxLength(MAX_TEXT_CHARS));
const name = v.pipe(v.string(), v.maxLength(MAX_NAME_CHARS * 4));
const key = v.pipe(
	v.custom<Uint8Array>((input) => input instanceof Uint8Array, 'not bytes'),
	v.check((input) => input.length <= 64, 'too long')
);

const messageFields = {
	id,
	conversationId: id,
	peerId: id,
	seq: count,
	text,
	time,
	version: v.optional(count),
	editedAt: v.optional(time),
	replyTo: v.optional(id),
	deletedAt: v.optional(time)
};
const SentMessage = v.object({ direction: v.literal('out'), ...messageFields, status: v.picklist(['pending', 'sent']), ackedAt: v.optional(time) });
const ReceivedMessage = v.object({ direction: v.literal('in'), ...messageFields, authoredAt: time, unread: v.picklist([0, 1]), editId: v.optional(id), deleteId: v.optional(id) });

const userEntries = {
	peerId: id,
	name,
	nickname: v.optional(name),
	suggestedName: v.optional(name),
	publicKey: v.optional(key),
	state: v.picklist(['contact', 'request', 'ignored', 'blocked', 'group']),
	blockWindows: v.optional(v.pipe(v.array(v.object({ from: time, to: time })), v.maxLength(MAX_BLOCK_WINDOWS))),
	verifiedKey: v.optional(key),
	addedAt: time,
	lastActivity: time,
	preview: v.optional(v.object({ text, outgoing: v.boolean() })),
	lastSeen: v.optional(time),
	lastSentSeq: v.optional(count),
	unread: v.optional(count),
	muted: v.optional(v.boolean()),
	readUpTo: v.optional(count),
	researchConsent: v.optional(v.boolean()),
	fileCiphers: v.optional(v.pipe(v.array(v.pipe(count, v.maxValue(MAX_FILE_CIPHER_ID))), v.maxLength(MAX_ANNOUNCED_FILE_CIPHERS)))
};
// Compile-time guard: a field added to UserRow must be added here, or other tabs would lose it.
const everyUserField: Record<keyof UserRow, unknown> = userEntries;
void everyUserField;

const MirrorPost = v.object({
	v: v.literal(MIRROR_VERSION),
	messages: v.pipe(v.array(v.variant('direction', [SentMessage, ReceivedMessage])), v.maxLength(MAX_MIRRORED_ROWS)),
	users: v.optional(v.pipe(v.array(v.object(userEntries)), v.maxLength(MAX_MIRRORED_ROWS))),
	cleared: v.optional(v.pipe(v.array(id), v.maxLength(MAX_MIRRORED_ROWS)))
});

export type MirrorPostData = v.InferInput<typeof MirrorPost>;

/** The post for a local change (never for a remote one: those are not mirrored again). */
export function toPost(changes: StoredChanges): MirrorPostData {
	return { v: MIRROR_VERSION, messages: [...changes.messages], users: changes.users && [...changes.users], cleared: changes.cleared && [...changes.cleared] };
}

/** A checked post as this tab's readers take it, marked remote; null for anything malformed. */
export function fromPost(data: unknown): StoredChanges | null {
	const parsed = v.safeParse(MirrorPost, data);
	if (!parsed.success) return null;
	const { messages, users, cleared } = parsed.output;
	return { messages: messages as ThreadMessage[], users: users as UserRow[] | undefined, cleared, remote: true };
}
