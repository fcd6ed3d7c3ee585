import { ContentHasher, FileCipher } from '../../crypto/file-cipher';
import { FILE_CIPHER_XCHACHA20_POLY1305, type FileCipherId } from '../../crypto/file-cipher-id';
import type { Sodium } from '../../crypto/sodium';
import type { FileRow, VoiceInfo } from '../../db/file-rows';
import { chunkCount } from '../../files/chunk-ranges';
import type { FileBody } from '../../files/file-frames';
import { CHUNK_BYTES, MAX_MIME_CHARS } from '../../files/file-limits';
import type { MessageId } from '../../ids/message-id';
import { hexOf } from '../../files/hex';

/** Bytes hashed per read while preparing a file: 4 MiB, so a large file costs 4 MiB of memory. */
const HASH_SLICE_BYTES = 4 * 1024 * 1024;

export interface Preview {
	thumb: Uint8Array;
	width: number;
	height: number;
}

export interface PreparedFile {
	body: FileBody;
	/** The sender's row, to be stored with the message in one transaction. */
	row(messageId: MessageId, conversationId: string, recipient: string, time: number): FileRow;
}

/**
 * Reads a file the user picked, slice by slice, to name it by its hash, and makes the message
 * body that announces it (PROTOCOL §13a). The file itself stays a Blob: the row keeps it and the
 * browser stores it on disk, so sending a 2 GiB file never holds it in memory.
 */
/** What goes with a file beyond its bytes; `cipher` as the recipients allow (fileCipherFor). */
export interface PrepareOptions {
	cipher: FileCipherId;
	preview?: Preview | undefined;
	caption?: string | undefined;
	voice?: VoiceInfo | undefined;
}

export async function prepareFile(sodium: Sodium, file: Blob, name: string, options: PrepareOptions): Promise<PreparedFile> {
	const { preview, caption, voice } = options;
	// XChaCha20-Poly1305 is the absent id: 0 is never written (crypto/file-cipher-id.ts).
	const cipher = options.cipher === FILE_CIPHER_XCHACHA20_POLY1305 ? {} : { cipher: options.cipher };
	const hasher = new ContentHasher(sodium);
	try {
		for (let at = 0; at < file.size; at += HASH_SLICE_BYTES) hasher.update(new Uint8Array(await file.slice(at, at + HASH_SLICE_BYTES).arrayBuffer()));
	} catch (error) {
		// The file became unreadable (moved, permission withdrawn): no hash state is left behind.
		hasher.discard();
		throw error;
	}
	const hash = hasher.digest();
	const key = FileCipher.newKey(sodium);
	const type = file.type.slice(0, MAX_MIME_CHARS);
	const body: FileBody = {
		kind: 'file',
		hash,
		key,
		...cipher,
		name: name.slice(0, 255) || 'file',
		type,
		size: file.size,
		...(preview === undefined ? {} : { thumb: preview.thumb, w: preview.width, h: preview.height }),
		...(caption === undefined || caption === '' ? {} : { caption }),
		...(voice === undefined ? {} : { dur: voice.durationMs, peaks: voice.peaks })
	};
	return {
		body,
		row: (messageId, conversationId, recipient, time) => ({
			messageId,
			conversationId,
			direction: 'out',
			peerId: recipient,
			hash: hexOf(hash),
			key,
			...cipher,
			name: body.name,
			type,
			size: file.size,
			chunks: chunkCount(file.size, CHUNK_BYTES),
			state: 'sending',
			have: file.size === 0 ? [] : [[0, chunkCount(file.size, CHUNK_BYTES)]],
			blob: file,
			...(preview === undefined ? {} : { thumb: preview.thumb, width: preview.width, height: preview.height }),
			...(voice === undefined ? {} : { voice }),
			time
		})
	};
}

export { incomingFileRow } from '../../db/file-rows';
