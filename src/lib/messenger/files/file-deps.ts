import type { Sodium } from '../../crypto/sodium';
import type { ChatDb } from '../../db/chat-db';
import type { FileRow } from '../../db/file-rows';
import type { FileStopFrame, FileWantFrame } from '../../files/file-frames';
import { MAX_PIECE_CHUNKS } from '../../files/file-limits';
import type { MessageId } from '../../ids/message-id';
import type { PeerId } from '../../ids/peer-id';
import type { ChatBudget } from './chat-budget';

/**
 * The file channel to one peer (PROTOCOL §13c): binary chunk frames, reliable and ordered,
 * beside the message session. `bufferedAmount` and `onDrain` are the data channel's own, so the
 * sender never queues more than the high-water mark in the browser.
 */
export interface FileLink {
	readonly peer: PeerId;
	readonly bufferedAmount: number;
	/** Copies the frame before it returns (FileChannel.send): the server lends it a reused view. */
	send(frame: Uint8Array<ArrayBuffer>): void;
	/** Calls `listener` once the buffered amount falls under the low-water mark. */
	onDrain(listener: () => void): () => void;
}

/** A transfer's progress for the UI: bytes held or served so far. */
export interface FileProgress {
	messageId: FileRow['messageId'];
	direction: 'in' | 'out';
	peer: PeerId;
	bytes: number;
	size: number;
}

export interface FileEngineDeps {
	db: ChatDb;
	sodium: Sodium;
	/** Sends a control frame sealed on the message session; false when there is none. */
	sendControl(peer: PeerId, frame: FileWantFrame | FileStopFrame): boolean;
	/** The open file channel to `peer`, if any. */
	link(peer: PeerId): FileLink | null;
	/** Whether `peer` may have this file: the recipient of a direct message, a member of its group. */
	entitled(peer: PeerId, row: FileRow): Promise<boolean>;
	/** Who may hold a received file, the author first (then, in a group, the other members). */
	holders(row: FileRow): readonly PeerId[];
	/** Largest file this device accepts (settings). */
	maxFileBytes(): number;
	/** Free space the browser reports, or null when it cannot tell. */
	freeBytes(): Promise<number | null>;
	log(reason: string, peer: PeerId, detail?: string): void;
	progress?(progress: FileProgress): void;
	/** Chat's right of way: files to a peer we are chatting with are paced (chat-budget.ts). */
	chat?: ChatBudget;
	/** Checks a restored file's bytes against its hash next (restored-check.ts); resolves once done. */
	checkRestored?(id: MessageId): Promise<void>;
}

/** The sender stops filling the channel above this many buffered bytes (4 chunks)... */
export const HIGH_WATER_BYTES = 4 * 64 * 1024;
/** ...and resumes when it drains under this (set as the channel's bufferedAmountLowThreshold). */
export const LOW_WATER_BYTES = 64 * 1024;
/**
 * Chunks under AES-256-GCM the sender seals ahead of the channel (4 chunks), held sealed until
 * it has room: when it drains they go at once, as a bare channel's frames would, instead of
 * after a round trip to WebCrypto's thread while the channel runs dry (BENCHMARKS "Files
 * (session 23)"). Counts chunks being sealed and sealed ones waiting.
 */
export const SEAL_AHEAD_BYTES = 4 * 64 * 1024;
/** Received chunks are written together, up to this many per transaction (4 MiB, one piece). */
export const WRITE_BATCH_CHUNKS = MAX_PIECE_CHUNKS;
/**
 * ...and at least this many (a whole piece, 4 MiB) while more are on the way, unless the stream
 * pauses (files/write-batch.ts). Each write costs the receiver's thread a transaction, a row
 * read and a Blob whatever its size (BENCHMARKS "Files (session 13)").
 */
export const MIN_WRITE_CHUNKS = MAX_PIECE_CHUNKS;
/**
 * Received chunks waiting to be written beyond which no more are asked for (8 MiB): with the
 * window still on the way, a receiver whose storage is slow holds at most ~24 MiB of chunks.
 */
export const MAX_UNWRITTEN_CHUNKS = 128;
/**
 * Chunks under AES-256-GCM handed to WebCrypto at once, by the receiver to open and by the
 * sender to seal (1 MiB): enough to keep its thread busy while the page does the rest, few
 * enough that a slow one holds little. Later chunks wait in order (files/in-order-queue.ts).
 */
export const MAX_OPENING_CHUNKS = 16;
/** A peer whose chunks fail to open this many times in one transfer is not asked again for it. */
export const MAX_BAD_CHUNKS = 8;
