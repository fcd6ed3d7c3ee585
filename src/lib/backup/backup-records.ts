import * as v from 'valibot';
import { CHUNK_BYTES, MAX_CHUNK_INDEX, MAX_FILE_NAME_CHARS, MAX_IMAGE_SIDE_PX, MAX_MIME_CHARS, MAX_THUMB_BYTES } from '../files/file-limits';
import { MAX_VOICE_MS, MAX_VOICE_PEAKS } from '../files/voice-limits';
import { MAX_FILE_CIPHER_ID } from '../crypto/file-cipher-id';
import { GroupMessageFrame, GroupOpFrame } from '../group/group-frames';
import { parseGroupId, parseOpId, type GroupId, type OpId } from '../group/group-ids';
import { parseMessageId, type MessageId } from '../ids/message-id';
import { parsePeerId, type PeerId } from '../ids/peer-id';
import { MAX_CONVERSATION_ID_CHARS, MAX_NAME_CHARS, MAX_TEXT_CHARS } from '../protocol/limits';
import { MAX_TRANSCRIPT_CHARS } from '../speech/transcript-record';

// A backup is untrusted input like a peer's frame: every record is checked here before a row is
// built from it. Rows carry only what the restore writes; derived state (a group's folded
// membership, the search index) is rebuilt from what they carry instead of being trusted.

const bytes = (min: number, max: number) =>
	v.pipe(
		v.custom<Uint8Array>((input) => input instanceof Uint8Array, 'not bytes'),
		v.check((input) => input.length >= min && input.length <= max, `not ${min}..${max} bytes`)
	);
const key32 = bytes(32, 32);
const counter = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const time = v.pipe(v.number(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const messageId = v.custom<MessageId>((input) => parseMessageId(input) !== null, 'not a message id');
const peerId = v.custom<PeerId>((input) => parsePeerId(input) === input, 'not a peer id');
const groupId = v.custom<GroupId>((input) => parseGroupId(input) !== null, 'not a group id');
const opId = v.custom<OpId>((input) => parseOpId(input) !== null, 'not an op id');
const conversationId = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_CONVERSATION_ID_CHARS));
const text = v.pipe(v.string(), v.maxLength(MAX_TEXT_CHARS));
const name = v.pipe(v.string(), v.maxLength(MAX_NAME_CHARS * 2));
const status = v.picklist(['pending', 'sent']);

const Transcript = v.variant('state', [
	v.object({ state: v.literal('pending') }),
	v.object({ state: v.literal('running') }),
	v.object({ state: v.literal('done'), text: v.pipe(v.string(), v.maxLength(MAX_TRANSCRIPT_CHARS)) }),
	v.object({ state: v.literal('failed'), code: v.picklist(['model-missing', 'storage-refused', 'unsupported', 'bad-audio', 'busy', 'cancelled', 'failed', 'no-audio']) }),
	v.object({ state: v.literal('unavailable'), reason: v.picklist(['off', 'model-missing', 'storage-refused', 'unsupported']) })
]);

const messageCommon = {
	id: messageId,
	conversationId,
	seq: counter,
	text,
	kind: v.optional(v.literal('file')),
	fileName: v.optional(v.pipe(v.string(), v.maxLength(MAX_FILE_NAME_CHARS * 2))),
	transcript: v.optional(Transcript),
	time,
	version: v.optional(counter),
	editedAt: v.optional(time),
	replyTo: v.optional(messageId),
	deletedAt: v.optional(time)
};

export const IdentityRecord = v.object({
	t: v.literal('identity'),
	publicKey: key32,
	secretKey: bytes(64, 64),
	displayName: name,
	createdAt: time
});

export const SettingRecord = v.object({
	t: v.literal('setting'),
	key: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
	// Any value the app stored; bounded by RECORD_STRUCTURE and read by its own typed getter.
	value: v.unknown()
});

export const UserRecord = v.object({
	t: v.literal('user'),
	peerId,
	name,
	nickname: v.optional(name),
	suggestedName: v.optional(name),
	publicKey: v.optional(key32),
	researchConsent: v.optional(v.boolean()),
	state: v.picklist(['contact', 'request', 'ignored', 'blocked', 'group']),
	blockWindows: v.optional(v.pipe(v.array(v.object({ from: counter, to: counter })), v.maxLength(1024))),
	verifiedKey: v.optional(key32),
	addedAt: time,
	lastActivity: time,
	preview: v.optional(v.object({ text, outgoing: v.boolean() })),
	lastSeen: v.optional(time),
	unread: v.optional(counter),
	lastSentSeq: v.optional(counter),
	muted: v.optional(v.boolean()),
	readUpTo: v.optional(counter)
});

/** `peerId`: the recipient, or the group for a group message. */
export const SentRecord = v.object({ t: v.literal('sent'), ...messageCommon, peerId: v.union([peerId, groupId]), status, ackedAt: v.optional(time) });

export const ReceivedRecord = v.object({
	t: v.literal('received'),
	...messageCommon,
	/** The author. */
	peerId,
	authoredAt: time,
	unread: v.picklist([0, 1]),
	editId: v.optional(v.pipe(v.string(), v.maxLength(64))),
	deleteId: v.optional(v.pipe(v.string(), v.maxLength(64)))
});

export const EditRecord = v.object({
	t: v.literal('edit'),
	id: messageId,
	target: messageId,
	peerId,
	version: counter,
	text,
	time,
	status,
	kind: v.optional(v.literal('delete'))
});

export const EditHistoryRecord = v.object({
	t: v.literal('editHistory'),
	id: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
	target: messageId,
	author: v.union([peerId, v.literal('self')]),
	version: counter,
	text,
	time
});

export const DeliveryMarkRecord = v.object({ t: v.literal('deliveryMark'), peerId, sentThrough: counter });

export const GroupRecord = v.object({
	t: v.literal('group'),
	id: groupId,
	name,
	createdAt: time,
	lastActivity: time,
	preview: v.optional(v.object({ text, author: v.union([peerId, v.literal('self')]) })),
	unread: counter,
	muted: v.optional(v.boolean()),
	lastSentSeq: counter
});

/** A membership op as its author signed it: the network schema, unchanged. */
export const GroupOpRecord = v.object({ t: v.literal('groupOp'), id: opId, group: groupId, frame: GroupOpFrame, time });

export const GroupFrameRecord = v.object({ t: v.literal('groupFrame'), id: messageId, group: groupId, author: peerId, seq: counter, frame: GroupMessageFrame });

export const GroupDeliveryRecord = v.object({
	t: v.literal('groupDelivery'),
	messageId,
	member: peerId,
	group: groupId,
	seq: counter,
	status,
	ackedAt: v.optional(time),
	readAt: v.optional(time)
});

const range = v.pipe(v.tuple([counter, counter]), v.check(([start, end]) => start < end && end <= MAX_CHUNK_INDEX + 1, 'bad range'));

export const FileRecord = v.object({
	t: v.literal('file'),
	messageId,
	conversationId,
	direction: v.picklist(['in', 'out']),
	peerId: conversationId,
	hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/u)),
	key: key32,
	/** Absent for XChaCha20-Poly1305 (rows before session 15); kept so a restored file still opens. */
	cipher: v.optional(v.pipe(counter, v.minValue(1), v.maxValue(MAX_FILE_CIPHER_ID))),
	name: v.pipe(v.string(), v.maxLength(255)),
	type: v.pipe(v.string(), v.maxLength(MAX_MIME_CHARS)),
	size: counter,
	chunks: v.pipe(counter, v.maxValue(MAX_CHUNK_INDEX + 1)),
	state: v.picklist(['sending', 'receiving', 'waiting', 'complete', 'declined', 'cancelled', 'removed']),
	have: v.pipe(v.array(range), v.maxLength(4096)),
	/** Own file still being sent: its bytes follow as `fileBlob` records (absent when files are left out). */
	blobBytes: v.optional(counter),
	thumb: v.optional(bytes(1, MAX_THUMB_BYTES)),
	width: v.optional(v.pipe(counter, v.maxValue(MAX_IMAGE_SIDE_PX))),
	height: v.optional(v.pipe(counter, v.maxValue(MAX_IMAGE_SIDE_PX))),
	voice: v.optional(v.object({ durationMs: v.pipe(counter, v.maxValue(MAX_VOICE_MS)), peaks: bytes(0, MAX_VOICE_PEAKS) })),
	problem: v.optional(v.pipe(v.string(), v.maxLength(200))),
	time
});

/** One chunk of a held file's plaintext, under its content hash. */
export const FileChunkRecord = v.object({
	t: v.literal('fileChunk'),
	hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/u)),
	index: v.pipe(counter, v.maxValue(MAX_CHUNK_INDEX)),
	data: bytes(1, CHUNK_BYTES)
});

/** A slice of an own file still being sent (its Blob), in order from offset 0. */
export const FileBlobRecord = v.object({ t: v.literal('fileBlob'), messageId, offset: counter, data: bytes(1, CHUNK_BYTES) });

/** First record: what the file holds, for progress and the summary after restore. */
export const ManifestRecord = v.object({
	t: v.literal('manifest'),
	createdAt: time,
	app: v.pipe(v.string(), v.maxLength(64)),
	records: counter,
	files: v.boolean()
});

export const BackupRecord = v.variant('t', [
	ManifestRecord,
	IdentityRecord,
	SettingRecord,
	UserRecord,
	SentRecord,
	ReceivedRecord,
	EditRecord,
	EditHistoryRecord,
	DeliveryMarkRecord,
	GroupRecord,
	GroupOpRecord,
	GroupFrameRecord,
	GroupDeliveryRecord,
	FileRecord,
	FileChunkRecord,
	FileBlobRecord
]);

export type BackupRecord = v.InferOutput<typeof BackupRecord>;
export type BackupRecordType = BackupRecord['t'];
export type RecordOf<T extends BackupRecordType> = Extract<BackupRecord, { t: T }>;
