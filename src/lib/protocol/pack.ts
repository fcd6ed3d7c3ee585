import { decodeSealedPlaintext, type Decoded } from './codec';
import type { EditFrame, MessageFrame } from './frames';
import { MAX_PACK_FRAMES } from './limits';
import type { RejectReason } from './reject';

/**
 * A pack: several message (or edit) frames under ONE seal and ONE data-channel message, so a
 * flush of thousands of rows does not pay a seal, an open and an SCTP message per row
 * (docs/PROTOCOL.md §3a). Only sent to a peer whose auth frame said it takes packs.
 *
 *   0xC1 | count (1 byte) | count × ( length (2 bytes, big-endian) | one v1 frame, msgpack )
 *
 * 0xC1 is the one byte msgpack never uses, so no single frame's plaintext starts with it. Each
 * frame inside goes through the same structure scan and schema as a frame of its own.
 */
export const PACK_KIND = 0xc1;
export const PACK_HEADER_BYTES = 2;
export const PACK_LENGTH_BYTES = 2;
/** Largest frame a pack can carry (its length field). */
export const MAX_PACKED_FRAME_BYTES = 0xffff;

export type PackableFrame = MessageFrame | EditFrame;

export function isPackable(frame: { t: string }): frame is PackableFrame {
	return frame.t === 'msg' || frame.t === 'edit';
}

export function isPack(plaintext: Uint8Array): boolean {
	return plaintext[0] === PACK_KIND;
}

/** Packs frames already encoded with encodeFrame; the caller keeps count and size in bounds. */
export function encodePack(encoded: readonly Uint8Array[]): Uint8Array {
	const size = encoded.reduce((sum, frame) => sum + PACK_LENGTH_BYTES + frame.length, PACK_HEADER_BYTES);
	const out = new Uint8Array(size);
	const view = new DataView(out.buffer);
	out[0] = PACK_KIND;
	out[1] = encoded.length;
	let at = PACK_HEADER_BYTES;
	for (const frame of encoded) {
		view.setUint16(at, frame.length);
		out.set(frame, at + PACK_LENGTH_BYTES);
		at += PACK_LENGTH_BYTES + frame.length;
	}
	return out;
}

/**
 * Opens a pack's frames. The whole pack is refused, with the reason of its first bad part, when
 * it holds fewer than 2 or more than `maxFrames` frames, a length that runs past the end, bytes
 * after the last frame, a pack inside it, a frame of a type packs do not carry, or frames of
 * more than one type; and when any frame inside fails its own scan or schema.
 */
export function decodePack(plaintext: Uint8Array, maxFrames = MAX_PACK_FRAMES): Decoded<PackableFrame[]> {
	if (plaintext.length < PACK_HEADER_BYTES || plaintext[0] !== PACK_KIND) return refuse('malformed', 'not a pack');
	const count = plaintext[1]!;
	if (count < 2) return refuse('invalid', `pack of ${count} frames`);
	if (count > maxFrames) return refuse('oversized', `pack of ${count} frames (at most ${maxFrames})`);
	const view = new DataView(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength);
	const frames: PackableFrame[] = [];
	let at = PACK_HEADER_BYTES;
	for (let i = 0; i < count; i++) {
		if (at + PACK_LENGTH_BYTES > plaintext.length) return refuse('malformed', `pack ends before frame ${i}`);
		const length = view.getUint16(at);
		const start = at + PACK_LENGTH_BYTES;
		at = start + length;
		if (at > plaintext.length) return refuse('malformed', `frame ${i} runs past the pack`);
		const body = plaintext.subarray(start, at);
		if (body[0] === PACK_KIND) return refuse('invalid', `pack nested in frame ${i}`);
		const decoded = decodeSealedPlaintext(body);
		if (!decoded.ok) return refuse(decoded.reason, `frame ${i}: ${decoded.detail}`);
		const frame = decoded.frame;
		if (!isPackable(frame)) return refuse('invalid', `"${frame.t}" frame in a pack`);
		if (frames.length > 0 && frames[0]!.t !== frame.t) return refuse('invalid', 'pack mixes frame types');
		frames.push(frame);
	}
	if (at !== plaintext.length) return refuse('malformed', `${plaintext.length - at} bytes after the last frame`);
	return { ok: true, frame: frames };
}

function refuse(reason: RejectReason, detail: string): { ok: false; reason: RejectReason; detail: string } {
	return { ok: false as const, reason, detail };
}
