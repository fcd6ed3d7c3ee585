import * as v from 'valibot';
import { MAX_ANNOUNCED_FILE_CIPHERS, MAX_FILE_CIPHER_ID } from '../crypto/file-cipher-id';
import { FileBody, voiceBodyCheck, FileStopFrame, FileWantFrame } from '../files/file-frames';
import { MAX_FILE_CHANNEL_VERSION } from '../files/file-stream';
import { GroupMessageFrame, GroupOpFrame, GroupOpRequestFrame, GroupRelayDoneFrame, GroupRelayRequestFrame, GroupSummaryFrame } from '../group/group-frames';
import { parseGroupId, type GroupId } from '../group/group-ids';
import { parseMessageId, type MessageId } from '../ids/message-id';
import {
	MAX_ACK_IDS,
	MAX_CONVERSATION_ID_CHARS,
	MAX_NAME_CHARS,
	MAX_TEXT_CHARS
} from './limits';

const bytes = (length: number) =>
	v.pipe(
		// Stryker disable next-line StringLiteral: the issue text only reaches the local log's detail, never a peer or the user.
		v.custom<Uint8Array>((input) => input instanceof Uint8Array, 'not bytes'),
		// Stryker disable next-line StringLiteral: the issue text only reaches the local log's detail, never a peer or the user.
		v.check((input) => input.length === length, `not ${length} bytes`)
	);
const counter = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
// Stryker disable next-line StringLiteral: the issue text only reaches the local log's detail, never a peer or the user.
const messageId = v.custom<MessageId>((input) => parseMessageId(input) !== null, 'not a UUIDv7 message id');

/** Sent in the clear as the first frame of every connection (see docs/PROTOCOL.md). */
export const HelloFrame = v.object({
	t: v.literal('hello'),
	v: v.pipe(v.number(), v.integer()),
	id: bytes(32),
	eph: bytes(32)
});

/**
 * `pack`: the most frames this end takes in one pack (PROTOCOL §3a); `ciphers`: the file ciphers
 * this end opens besides XChaCha20-Poly1305 (PROTOCOL §13b); `fch`: the file channel version it
 * speaks, which picks the channel's stream (PROTOCOL §13c). All absent from older peers.
 */
export const AuthFrame = v.object({
	t: v.literal('auth'),
	sig: bytes(64),
	pack: v.optional(counter),
	ciphers: v.optional(v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_FILE_CIPHER_ID))), v.maxLength(MAX_ANNOUNCED_FILE_CIPHERS))),
	fch: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_FILE_CHANNEL_VERSION)))
});

export const ProfileFrame = v.object({
	t: v.literal('profile'),
	name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_NAME_CHARS)),
	/** Research-dataset consent (docs/DATASET.md): true only when the user agreed; absent = not given. */
	research: v.optional(v.boolean())
});

const TextBody = v.object({
	kind: v.literal('text'),
	text: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TEXT_CHARS))
});
const MessageBodies = v.variant('kind', [TextBody, FileBody]);

export const MessageFrame = v.object({
	t: v.literal('msg'),
	id: messageId,
	/** Per-conversation sequence number from the author, starting at 1. */
	seq: v.pipe(counter, v.minValue(1)),
	/** Author's clock, milliseconds since the epoch: for display only, never for ordering. */
	ts: counter,
	/** Absent for a direct (1:1) conversation; a group id later. */
	conv: v.optional(v.pipe(v.string(), v.maxLength(MAX_CONVERSATION_ID_CHARS))),
	/** Text, or one file (PROTOCOL §13a: its caption is the message's text). */
	body: v.pipe(MessageBodies, voiceBodyCheck<v.InferOutput<typeof MessageBodies>>()),
	/** Version of the text (0 or absent: the original; a pending message edited before it left). */
	v: v.optional(counter),
	/**
	 * The message this one replies to, by id only: each side quotes its OWN copy of the original,
	 * so a peer cannot put words in anyone's mouth through a quote (PROTOCOL §6b).
	 */
	reply: v.optional(messageId)
});

/** A new text for one of the sender's own messages; the highest version wins (PROTOCOL §6a). */
export const EditFrame = v.object({
	t: v.literal('edit'),
	id: messageId,
	target: messageId,
	version: v.pipe(counter, v.minValue(1)),
	ts: counter,
	text: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TEXT_CHARS))
});

/** Deletes one of the sender's own messages for everyone: a tombstone that beats every version (PROTOCOL §6a). */
export const DeleteFrame = v.object({
	t: v.literal('delete'),
	id: messageId,
	target: messageId,
	ts: counter
});

export const AckFrame = v.object({
	t: v.literal('ack'),
	ids: v.pipe(v.array(messageId), v.minLength(1), v.maxLength(MAX_ACK_IDS))
});

/** A read receipt: the sender has read the recipient's messages up to this `seq` (PROTOCOL §6b). */
export const ReadFrame = v.object({ t: v.literal('read'), upTo: v.pipe(counter, v.minValue(1)) });

/**
 * A group read receipt (PROTOCOL §12g): the sender has read the RECIPIENT's messages in group `g`
 * up to the recipient's seq `upTo`. Sent on the pairwise session to that author only, never
 * relayed, so the session's authentication is its signature.
 */
export const GroupReadFrame = v.object({
	t: v.literal('gread'),
	// Stryker disable next-line StringLiteral: the issue text only reaches the local log's detail, never a peer or the user.
	g: v.custom<GroupId>((input) => parseGroupId(input) !== null, 'not a group id'),
	upTo: v.pipe(counter, v.minValue(1))
});

export const PingFrame = v.object({ t: v.literal('ping'), n: counter });
export const PongFrame = v.object({ t: v.literal('pong'), n: counter });

/** Every frame that travels sealed after the handshake. */
export const SealedFrame = v.variant('t', [
	AuthFrame,
	ProfileFrame,
	MessageFrame,
	EditFrame,
	DeleteFrame,
	AckFrame,
	ReadFrame,
	PingFrame,
	PongFrame,
	// Group frames (PROTOCOL §12) travel in the same pairwise sessions; their schemas live with the
	// group core, which signs and checks them.
	GroupMessageFrame,
	GroupOpFrame,
	GroupSummaryFrame,
	GroupRelayRequestFrame,
	GroupRelayDoneFrame,
	GroupOpRequestFrame,
	GroupReadFrame,
	// File transfer control (PROTOCOL §13d): the chunks themselves go on the file channel.
	FileWantFrame,
	FileStopFrame
]);

export type HelloFrame = v.InferOutput<typeof HelloFrame>;
export type AuthFrame = v.InferOutput<typeof AuthFrame>;
export type ProfileFrame = v.InferOutput<typeof ProfileFrame>;
export type MessageFrame = v.InferOutput<typeof MessageFrame>;
export type AckFrame = v.InferOutput<typeof AckFrame>;
export type ReadFrame = v.InferOutput<typeof ReadFrame>;
export type GroupReadFrame = v.InferOutput<typeof GroupReadFrame>;
export type EditFrame = v.InferOutput<typeof EditFrame>;
export type DeleteFrame = v.InferOutput<typeof DeleteFrame>;
export type SealedFrame = v.InferOutput<typeof SealedFrame>;
/** Frames handed to the application once the session is authenticated. */
export type AppFrame = Exclude<SealedFrame, AuthFrame>;
export type AppFrameType = AppFrame['t'];

export const SEALED_FRAME_TYPES: ReadonlySet<string> = new Set([
	'auth',
	'profile',
	'msg',
	'edit',
	'delete',
	'ack',
	'read',
	'ping',
	'pong',
	'gmsg',
	'gop',
	'gsum',
	'greq',
	'gdone',
	'gopreq',
	'gread',
	'fwant',
	'fstop'
]);
/** Frame types of the group protocol (PROTOCOL §12): handled by the messenger's group wiring. */
/** File transfer control frames (PROTOCOL §13d): handled by the messenger's file transfers. */
export type FileControlFrame = Extract<AppFrame, { t: 'fwant' | 'fstop' }>;
export type GroupAppFrame = Extract<AppFrame, { t: 'gmsg' | 'gop' | 'gsum' | 'greq' | 'gdone' | 'gopreq' | 'gread' }>;
