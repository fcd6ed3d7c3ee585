import { MAX_THUMB_BYTES } from '../files/file-limits';

/** Protocol version carried in the handshake. A peer on another major version is refused. */
export const PROTOCOL_VERSION = 1;

/**
 * Largest frame accepted from the wire, sealed header and tag included. Chromium's SCTP limit is
 * 256 KiB per message; staying far below it keeps one frame from stalling a busy data channel.
 * File chunks (later) are sized to fit.
 */
export const MAX_FRAME_BYTES = 64 * 1024;
export const MAX_HELLO_BYTES = 256;
export const MAX_TEXT_CHARS = 8000;
export const MAX_NAME_CHARS = 64;
export const MAX_ACK_IDS = 512;
export const MAX_CONVERSATION_ID_CHARS = 64;

/**
 * The shape every v1 frame fits in, checked on the raw bytes before decoding (structure-scan.ts).
 * A frame is a map (depth 1) that may hold one map or array (depth 2); an ack's id list is the
 * largest container; text is at most 3 UTF-8 bytes per UTF-16 unit; binaries are keys,
 * signatures, file hashes and the one large one, a file message's preview image (MAX_THUMB_BYTES,
 * PROTOCOL §13a). Newer peers may add a few fields, hence the slack in the map size.
 */
export const FRAME_STRUCTURE = {
	maxDepth: 2,
	maxArrayLength: MAX_ACK_IDS,
	maxMapSize: 16,
	maxItems: MAX_ACK_IDS + 64,
	maxStringBytes: MAX_TEXT_CHARS * 3,
	maxBinaryBytes: MAX_THUMB_BYTES
} as const;

/**
 * Most frames one pack may carry (pack.ts). Each still costs the receiver a schema check, a
 * queue slot and a budget token, so this bounds only how much one open() unlocks at once.
 */
export const MAX_PACK_FRAMES = 64;
