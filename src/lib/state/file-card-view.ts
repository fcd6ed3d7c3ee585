import type { FileRow } from '../db/file-rows';
import { bytesHeld } from '../files/chunk-ranges';
import { CHUNK_BYTES, MAX_IMAGE_SIDE_PX } from '../files/file-limits';
import { fileExtension, safeFileName } from '../files/file-name';
import { INLINE_IMAGE_TYPES, fileFamily, sniffImage, type FileFamily } from '../files/file-types';
import { formatSecondsLeft } from '../files/transfer-rate';
import { formatBytes } from '../text/byte-size';
import type { TransferView } from './file-actions.svelte';

/** A transfer with no progress for this long shows no speed or time left. */
export const TRANSFER_STALE_MS = 5_000;

/**
 * - `fetch`: ask for a file not downloaded yet (Download);
 * - `save`: save or open the whole file held here;
 * - `cancel`: stop a transfer (ours: withdraw the file);
 * - `retry`: ask again after a refusal.
 */
export type CardAction = 'fetch' | 'save' | 'cancel' | 'retry';

export interface FileCardView {
	/** Through safeFileName: the only form of a peer's file name that is shown or saved. */
	name: string;
	family: FileFamily;
	size: string;
	/** Shown as a picture (its preview, then the whole image) rather than a file row. */
	image: boolean;
	status: string | null;
	problem: boolean;
	progress: { percent: number; label: string; detail: string } | null;
	actions: CardAction[];
}

/** What a file message's card shows, from its stored row and the latest progress. */
export function fileCardView(row: FileRow, transfer: TransferView | undefined, now: number): FileCardView {
	const name = safeFileName(row.name);
	const base = {
		name,
		family: fileFamily(row.type, fileExtension(name)),
		size: formatBytes(row.size),
		image: isInlineImage(row.type) && (row.thumb !== undefined || row.state === 'complete' || (row.direction === 'out' && row.blob !== undefined)),
		problem: false
	};
	const live = transfer !== undefined && transfer.direction === row.direction && now - transfer.at < TRANSFER_STALE_MS;
	if (row.state === 'removed') {
		// Only the restore's check removes an own file with a problem (db/restored-files.ts RESTORED_DAMAGED).
		if (row.direction === 'out' && row.problem === 'damaged') return { ...base, image: false, status: 'The restored copy of this file was damaged and was deleted', problem: true, progress: null, actions: [] };
		return { ...base, image: false, status: 'File deleted', progress: null, actions: [] };
	}
	// Restored from a backup or another device: not shown until its bytes hashed to its name here.
	if (row.unchecked !== undefined) return { ...base, image: base.image && row.thumb !== undefined, status: 'Checking the restored file…', progress: null, actions: [] };
	if (row.direction === 'out') {
		if (row.state === 'cancelled') return { ...base, status: 'You withdrew this file', progress: null, actions: [] };
		const sending = live && transfer.bytes < transfer.size;
		return { ...base, status: null, progress: sending ? progressOf('Sending', transfer.bytes, row.size, transfer) : null, actions: sending ? ['cancel', 'save'] : ['save'] };
	}
	switch (row.state) {
		case 'complete':
			return { ...base, status: null, progress: null, actions: ['save'] };
		case 'receiving': {
			const held = bytesHeld(row.have, row.size, CHUNK_BYTES);
			const bytes = live ? Math.max(held, transfer.bytes) : held;
			return { ...base, status: null, progress: progressOf('Downloading', bytes, row.size, live ? transfer : undefined), actions: ['cancel'] };
		}
		case 'waiting':
			return { ...base, status: row.have.length > 0 ? 'Download paused' : 'Not downloaded', progress: null, actions: ['fetch'] };
		case 'declined':
			return { ...base, status: problemText(row.problem), problem: true, progress: null, actions: ['retry'] };
		case 'cancelled':
			return { ...base, status: 'The sender withdrew this file', progress: null, actions: [] };
		case 'sending':
			return { ...base, status: null, progress: null, actions: [] };
	}
}

function progressOf(label: string, bytes: number, size: number, transfer: TransferView | undefined): FileCardView['progress'] {
	const percent = size === 0 ? 100 : Math.min(100, Math.floor((bytes / size) * 100));
	const parts = [`${formatBytes(bytes)} of ${formatBytes(size)}`];
	if (transfer !== undefined && transfer.bytesPerSecond > 0) {
		parts.push(`${formatBytes(transfer.bytesPerSecond)}/s`);
		if (transfer.secondsLeft !== null) parts.push(`${formatSecondsLeft(transfer.secondsLeft)} left`);
	}
	return { percent, label, detail: parts.join(' · ') };
}

function isInlineImage(type: string): boolean {
	return (INLINE_IMAGE_TYPES as readonly string[]).includes(type.toLowerCase());
}

/** A preview from a peer as a Blob to show, only if its bytes are an inline image type; else null. */
export function thumbBlob(thumb: Uint8Array): Blob | null {
	const type = sniffImage(thumb);
	return type === null ? null : new Blob([thumb.slice()], { type });
}

/**
 * The box an image takes in the thread, from the width and height its sender declared: the
 * preview and the whole image fill the same box, so nothing moves when the image arrives.
 * Declared sizes are hints from a peer: out of range, the box is square.
 */
export function imageBox(width: number | undefined, height: number | undefined, maxWidth = 280, maxHeight = 320): { width: number; height: number } {
	const valid = (side: number | undefined): side is number => side !== undefined && Number.isInteger(side) && side >= 1 && side <= MAX_IMAGE_SIDE_PX;
	const w = valid(width) && valid(height) ? width : 1;
	const h = valid(width) && valid(height) ? height : 1;
	// Very long panoramas and strips keep a readable box (at most 4:1 either way).
	const ratio = Math.min(4, Math.max(1 / 4, w / h));
	let boxWidth = Math.min(maxWidth, w);
	let boxHeight = boxWidth / ratio;
	if (boxHeight > maxHeight) {
		boxHeight = maxHeight;
		boxWidth = boxHeight * ratio;
	}
	if (boxWidth < 80 && boxHeight < 80) {
		const grow = 80 / Math.max(boxWidth, boxHeight);
		boxWidth *= grow;
		boxHeight *= grow;
	}
	return { width: Math.round(boxWidth), height: Math.round(boxHeight) };
}

/** Why the transfer engine declined a file (messenger/files/file-fetch.ts), in the card's words. */
const PROBLEMS: Readonly<Record<string, string>> = {
	'too-large': 'Larger than the largest file you accept (Settings, Storage)',
	'no-space': 'Not enough free space on this device',
	damaged: 'The file arrived damaged. Try again to fetch it anew',
	cipher: 'Sent by a newer version of Parley: update to open it'
};

function problemText(problem: string | undefined): string {
	if (problem === undefined) return 'Not downloaded';
	return Object.hasOwn(PROBLEMS, problem) ? PROBLEMS[problem]! : problem;
}
