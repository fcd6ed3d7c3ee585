import { CHUNK_TAG_BYTES, FILE_HASH_BYTES } from '../crypto/file-cipher';
import { CHUNK_BYTES } from './file-limits';

/**
 * A chunk on the file channel (PROTOCOL §13c), binary, not msgpack: kind byte, the file's hash,
 * the chunk index (u32, big-endian), then the chunk sealed with the file key. The channel is a
 * second data channel of the same peer connection, so a file never queues in front of text.
 */
export const CHUNK_FRAME_KIND = 0x03;
export const CHUNK_HEADER_BYTES = 1 + FILE_HASH_BYTES + 4;
/** Largest chunk frame accepted: anything bigger is refused before it is looked at. */
export const MAX_CHUNK_FRAME_BYTES = CHUNK_HEADER_BYTES + CHUNK_BYTES + CHUNK_TAG_BYTES;

export interface ChunkFrame {
	hash: Uint8Array;
	index: number;
	sealed: Uint8Array;
}

export function encodeChunkFrame(hash: Uint8Array, index: number, sealed: Uint8Array): Uint8Array<ArrayBuffer> {
	const frame = new Uint8Array(CHUNK_HEADER_BYTES + sealed.length);
	frame.set(chunkFrameHeader(hash, index), 0);
	frame.set(sealed, CHUNK_HEADER_BYTES);
	return frame;
}

/** A chunk frame's header alone: the sender seals the chunk right behind it (FileCipher.sealAfter). */
export function chunkFrameHeader(hash: Uint8Array, index: number): Uint8Array<ArrayBuffer> {
	const header = new Uint8Array(CHUNK_HEADER_BYTES);
	writeChunkHeader(header, hash, index);
	return header;
}

/**
 * The frame of an already sealed chunk, written into `into` (at least MAX_CHUNK_FRAME_BYTES
 * long) and returned as a view of its start. The sender keeps one such buffer and lends each
 * frame to the channel, which copies it before `send` returns: no new buffer per chunk (a fresh
 * 64 KiB allocation and its page faults cost more than the copy, BENCHMARKS "Files (session 23)").
 */
export function chunkFrameInto(into: Uint8Array<ArrayBuffer>, hash: Uint8Array, index: number, sealed: Uint8Array): Uint8Array<ArrayBuffer> {
	const length = CHUNK_HEADER_BYTES + sealed.length;
	if (into.length < length) throw new RangeError('the frame buffer is too small for this chunk');
	writeChunkHeader(into, hash, index);
	into.set(sealed, CHUNK_HEADER_BYTES);
	return into.subarray(0, length);
}

function writeChunkHeader(into: Uint8Array<ArrayBuffer>, hash: Uint8Array, index: number): void {
	if (hash.length !== FILE_HASH_BYTES) throw new RangeError('a file hash is 32 bytes');
	into[0] = CHUNK_FRAME_KIND;
	into.set(hash, 1);
	new DataView(into.buffer, into.byteOffset, CHUNK_HEADER_BYTES).setUint32(1 + FILE_HASH_BYTES, index);
}

export type ChunkDecode = { ok: true; frame: ChunkFrame } | { ok: false; reason: 'too-large' | 'too-small' | 'wrong-kind' };

/** Views into `wire` (no copy): the receiver decrypts straight from the channel's buffer. */
export function decodeChunkFrame(wire: Uint8Array): ChunkDecode {
	if (wire.length > MAX_CHUNK_FRAME_BYTES) return { ok: false, reason: 'too-large' };
	if (wire.length < CHUNK_HEADER_BYTES + CHUNK_TAG_BYTES) return { ok: false, reason: 'too-small' };
	if (wire[0] !== CHUNK_FRAME_KIND) return { ok: false, reason: 'wrong-kind' };
	const index = new DataView(wire.buffer, wire.byteOffset, wire.byteLength).getUint32(1 + FILE_HASH_BYTES);
	return {
		ok: true,
		frame: { hash: wire.subarray(1, 1 + FILE_HASH_BYTES), index, sealed: wire.subarray(CHUNK_HEADER_BYTES) }
	};
}
