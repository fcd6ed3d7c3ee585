import { chunkCount } from '../files/chunk-ranges';
import type { FileBody } from '../files/file-frames';
import { CHUNK_BYTES } from '../files/file-limits';
import { hexOf } from '../files/hex';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';

/**
 * Where a file of a message stands on this device (PROTOCOL §13):
 * - `sending`: ours, held here (`blob`) until every recipient has it; served on request;
 * - `receiving`: theirs, some chunks held (`have`), more asked for when the holder is reachable;
 * - `waiting`: theirs, not asked for yet (a message request not accepted, or the user said no);
 * - `complete`: every chunk here and the whole file's hash verified;
 * - `declined`: too large or no space (see `problem`); the message stays;
 * - `cancelled`: its sender withdrew it before we had it all;
 * - `removed`: the user deleted the file and kept the message.
 */
export type FileState = 'sending' | 'receiving' | 'waiting' | 'complete' | 'declined' | 'cancelled' | 'removed';

/** What makes a file message a voice message: the recording's length and its waveform bars. */
export interface VoiceInfo {
	durationMs: number;
	peaks: Uint8Array;
}

export interface FileRow {
	/** The message that carries the file: one file per message. */
	messageId: MessageId;
	conversationId: string;
	direction: 'in' | 'out';
	/** The author (ours: this device's own id is not needed, so the recipient or group id). */
	peerId: PeerId | string;
	/** BLAKE2b-256 of the content, hex: chunks are stored under it (two messages of one file share them). */
	hash: string;
	key: Uint8Array;
	/** The announced chunk cipher (FileBody `cipher`); absent for XChaCha20-Poly1305, as every row before session 15. */
	cipher?: number;
	/** As sent by the author; shown only through safeFileName. */
	name: string;
	type: string;
	size: number;
	chunks: number;
	state: FileState;
	/** Chunks held, as [start, end) ranges (ChunkRanges.toWire()); the whole file for ours. */
	have: [number, number][];
	/** Our own file, kept as the browser's Blob (on disk, not in memory) until delivered. */
	blob?: Blob;
	thumb?: Uint8Array;
	width?: number;
	height?: number;
	/** A voice message (PROTOCOL §13g): its length and waveform, as the sender measured them. */
	voice?: VoiceInfo;
	/**
	 * Its bytes came from a backup or another device (a hostile file, as far as this device can
	 * tell) and have not yet hashed to `hash` here: not shown, played or saved until they have
	 * (db/restored-files.ts). Set by the restore only, never read from the backup.
	 */
	unchecked?: 1;
	/** Why it is declined or stopped, for the card ("not enough space", "too large"). */
	problem?: string;
	time: number;
}

/**
 * A piece of a file's plaintext: `count` consecutive chunks from `index` (files/chunk-pieces),
 * stored as a Blob so reading many for display costs no memory. Rows written before pieces
 * (session 10) hold one chunk and no `count`; they read the same, so no upgrade rewrites them.
 */
export interface FileChunkRow {
	hash: string;
	index: number;
	count?: number;
	data: Blob;
}

/**
 * A piece whose bytes are in the file's own file in the Origin Private File System (db/piece-files):
 * the row says only that they are there, written before it.
 */
export interface FilePieceRow {
	hash: string;
	index: number;
	count: number;
	inFile: 1;
}

/** What `fileChunks` holds: pieces with their bytes, or pieces whose bytes are in a file. */
export type StoredPieceRow = FileChunkRow | FilePieceRow;

/** The receiver's row for a file announced in a message it stored. */
export function incomingFileRow(body: FileBody, messageId: MessageId, conversationId: string, author: string, time: number, fetchNow: boolean): FileRow {
	return {
		messageId,
		conversationId,
		direction: 'in',
		peerId: author,
		hash: hexOf(body.hash),
		key: body.key,
		...(body.cipher === undefined ? {} : { cipher: body.cipher }),
		name: body.name,
		type: body.type,
		size: body.size,
		chunks: chunkCount(body.size, CHUNK_BYTES),
		state: fetchNow ? 'receiving' : 'waiting',
		have: [],
		...(body.thumb === undefined ? {} : { thumb: body.thumb }),
		...(body.w === undefined ? {} : { width: body.w }),
		...(body.h === undefined ? {} : { height: body.h }),
		...(body.dur === undefined || body.peaks === undefined ? {} : { voice: { durationMs: body.dur, peaks: body.peaks } }),
		time
	};
}
