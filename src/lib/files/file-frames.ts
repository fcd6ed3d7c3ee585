import * as v from 'valibot';
import { parseMessageId, type MessageId } from '../ids/message-id';
import { MAX_TEXT_CHARS } from '../protocol/limits';
import { DEFAULT_MAX_FILE_BYTES, MAX_IMAGE_SIDE_PX, MAX_MIME_CHARS, MAX_THUMB_BYTES, MAX_WANT_RANGES } from './file-limits';
import { FILE_HASH_BYTES, FILE_KEY_BYTES } from '../crypto/file-cipher';
import { MAX_FILE_CIPHER_ID } from '../crypto/file-cipher-id';
import { MAX_VOICE_MS, MAX_VOICE_PEAKS, MIN_VOICE_PEAKS } from './voice-limits';

// File frames (PROTOCOL §13) fit FRAME_STRUCTURE like every sealed frame: a map holding maps or
// arrays of scalars. A raw name longer than this is refused; what is shown is safeFileName's.
const MAX_RAW_NAME_CHARS = 255;
/** A sender may announce files up to this size; each receiver applies its own, smaller limit. */
export const MAX_ANNOUNCED_FILE_BYTES = 4 * DEFAULT_MAX_FILE_BYTES;

const bytes = (length: number) =>
	v.pipe(
		v.custom<Uint8Array>((input) => input instanceof Uint8Array, 'not bytes'),
		v.check((input) => input.length === length, `not ${length} bytes`)
	);
const counter = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const side = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_IMAGE_SIDE_PX));
const messageId = v.custom<MessageId>((input) => parseMessageId(input) !== null, 'not a UUIDv7 message id');

/**
 * A message body that carries one file: what it is, how to decrypt its chunks, and a preview.
 * Several files are several messages (the caption goes with the first), so every file has its
 * own id, status, edits and deletion like any message.
 */
export const FileBody = v.object({
	kind: v.literal('file'),
	/** BLAKE2b-256 of the file's bytes: its name in storage and what the receiver verifies. */
	hash: bytes(FILE_HASH_BYTES),
	/** The key its chunks are sealed with (PROTOCOL §13b); fresh per file. */
	key: bytes(FILE_KEY_BYTES),
	/**
	 * Which cipher seals its chunks (crypto/file-cipher-id.ts): absent, XChaCha20-Poly1305 (files
	 * announced before session 15); 1, AES-256-GCM. Any other id is accepted here so the message
	 * still shows; its file is refused (not fetched) with a logged reason.
	 */
	cipher: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_FILE_CIPHER_ID))),
	name: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_RAW_NAME_CHARS)),
	/** The sender's declared type: a hint for the icon; display trusts only sniffed bytes. */
	type: v.pipe(v.string(), v.maxLength(MAX_MIME_CHARS)),
	size: v.pipe(counter, v.maxValue(MAX_ANNOUNCED_FILE_BYTES)),
	/** A small preview image made by the sender (WebP or JPEG), shown until the file is here. */
	thumb: v.optional(
		v.pipe(
			v.custom<Uint8Array>((input) => input instanceof Uint8Array, 'not bytes'),
			v.check((input) => input.length > 0 && input.length <= MAX_THUMB_BYTES, 'thumbnail too large')
		)
	),
	w: v.optional(side),
	h: v.optional(side),
	caption: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TEXT_CHARS))),
	/** A voice message (PROTOCOL §13g): the recording's length in ms, checked against MAX_VOICE_MS. */
	dur: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_VOICE_MS))),
	/** Its waveform, one byte per bar (0 silence, 255 loudest), made by the sender. */
	peaks: v.optional(
		v.pipe(
			v.custom<Uint8Array>((input) => input instanceof Uint8Array, 'not bytes'),
			v.check((input) => input.length >= MIN_VOICE_PEAKS && input.length <= MAX_VOICE_PEAKS, 'waveform size out of bounds')
		)
	)
});

/**
 * A voice message's two fields come together, and only on audio, so a player is never handed
 * another kind of file. Checked on the message body (a variant option cannot carry a pipe).
 */
export function voiceBodyCheck<TBody extends { kind: string }>() {
	return v.check<TBody, string>((body) => isWellFormedVoice(body), 'a voice message is audio with a duration and a waveform');
}

function isWellFormedVoice(body: { kind: string; type?: unknown; dur?: unknown; peaks?: unknown }): boolean {
	if (body.kind !== 'file' || (body.dur === undefined && body.peaks === undefined)) return true;
	return body.dur !== undefined && body.peaks !== undefined && typeof body.type === 'string' && body.type.toLowerCase().startsWith('audio/');
}

/**
 * "Send me these chunks of the file in message `id`": start/end pairs, flat, sorted and
 * disjoint (checked again by ChunkRanges.from against the file's chunk count).
 */
export const FileWantFrame = v.object({
	t: v.literal('fwant'),
	id: messageId,
	hash: bytes(FILE_HASH_BYTES),
	ranges: v.pipe(
		v.array(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffff_ffff))),
		v.minLength(2),
		v.maxLength(2 * MAX_WANT_RANGES),
		v.check((flat) => flat.length % 2 === 0, 'ranges are pairs')
	)
});

/**
 * The end of a transfer that will not complete from this peer: `cancel`, the sender cancelled
 * (the message stays, the file is withdrawn); `gone`, this peer does not hold the file (deleted,
 * or a relay that never had it); `declined`, the receiver does not want it (too large, no
 * space, the user cancelled or deleted it).
 */
export const FileStopFrame = v.object({
	t: v.literal('fstop'),
	id: messageId,
	hash: bytes(FILE_HASH_BYTES),
	why: v.picklist(['cancel', 'gone', 'declined'])
});

export type FileBody = v.InferOutput<typeof FileBody>;
export type FileWantFrame = v.InferOutput<typeof FileWantFrame>;
export type FileStopFrame = v.InferOutput<typeof FileStopFrame>;

/** Pairs from ChunkRanges.toWire() or missing(), flattened for FileWantFrame. */
export function flatRanges(ranges: readonly { start: number; end: number }[]): number[] {
	return ranges.flatMap((range) => [range.start, range.end]);
}

/** FileWantFrame's flat list back to pairs. */
export function pairedRanges(flat: readonly number[]): [number, number][] {
	const pairs: [number, number][] = [];
	for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i] as number, flat[i + 1] as number]);
	return pairs;
}
