import { safeFileName } from '../../files/file-name';
import { incoming, storeIncomingBatch, type StoreResult } from '../../db/queries';
import { incomingFileRow, type FileRow } from '../../db/file-rows';
import type { ReceivedRow } from '../../db/schema';
import { shortPeerId, type PeerId } from '../../ids/peer-id';
import type { MessageFrame } from '../../protocol/frames';
import type { RejectReason } from '../../protocol/reject';
import type { HandlerContext } from '../context';

/**
 * Stores a run of text messages from one peer exactly once each, then acknowledges the stored
 * ones (duplicates too, so the author's outbox can stop).
 */
export async function handleMessages(context: HandlerContext, peer: PeerId, frames: readonly MessageFrame[]): Promise<void> {
	const direct = frames.filter((frame) => {
		if (frame.conv === undefined) return true;
		context.log.reject('unexpected', { peer, detail: 'group messages are not supported yet' });
		return false;
	});
	// Stryker disable next-line ConditionalExpression: equivalent when false, an empty run stores nothing, acks nothing and shows nothing; the return only skips that work.
	if (direct.length === 0) return;
	const now = context.now();
	// Watched (open, following, visible): stored read at once, no mark-read rewrite after it.
	const unread = context.watched?.has(peer) ? 0 : 1;
	const files = new Map<string, FileRow>();
	const rows: ReceivedRow[] = direct.map((frame) => {
		const body = frame.body;
		const row: ReceivedRow = {
			id: frame.id,
			conversationId: peer,
			peerId: peer,
			seq: frame.seq,
			// A file message's text is its caption (PROTOCOL §13a).
			text: body.kind === 'text' ? body.text : (body.caption ?? ''),
			authoredAt: frame.ts,
			// Each row its own local time (the clock is monotonic), so arrival order is kept.
			time: context.now(),
			unread,
			version: frame.v ?? 0
		};
		// Only the id: the quote shows this device's own copy of the original (PROTOCOL §6b).
		if (frame.reply) row.replyTo = frame.reply;
		if (body.kind === 'file') {
			row.kind = 'file';
			row.fileName = safeFileName(body.name);
			files.set(frame.id, incomingFileRow(body, frame.id, peer, peer, row.time, true));
		}
		return row;
	});
	// Shown before the commit when certainly new (arrival-book.ts); acked only after it, below.
	const early = context.arrivals?.fresh(peer, rows) ?? [];
	// Stryker disable next-line ConditionalExpression,EqualityOperator: the always-true variants (true, >= 0) are equivalent: PreviewFeed.publish drops a preview with no rows and nothing withdrawn (the task boundary after it is timing only).
	if (early.length > 0) {
		context.db.previews.publish({ rows: early.map(incoming) });
		// The bubble renders in the microtasks queued by that publish; setting up the store's
		// requests first would hold it back by milliseconds.
		await nextTask();
	}
	let results: StoreResult[];
	try {
		results = await storeIncomingBatch(context.db, rows, () => ({
			peerId: peer,
			name: context.announcedNames.get(peer) ?? shortPeerId(peer),
			publicKey: context.verifiedKeys.get(peer),
			state: 'request',
			addedAt: now,
			lastActivity: now
		}), files);
	} catch (error) {
		// Stryker disable next-line ConditionalExpression,EqualityOperator: the always-true variants (true, >= 0) are equivalent: PreviewFeed.publish drops a preview with no rows and nothing withdrawn.
		if (early.length > 0) context.db.previews.publish({ rows: [], withdrawn: early.map((row) => row.id) });
		throw error;
	}
	context.arrivals?.stored(peer, rows, results);
	const notStored = early.filter((row) => results[rows.indexOf(row)] !== 'stored');
	// Stryker disable next-line ConditionalExpression,EqualityOperator: the always-true variants (true, >= 0) are equivalent: PreviewFeed.publish drops a preview with no rows and nothing withdrawn.
	if (notStored.length > 0) context.db.previews.publish({ rows: [], withdrawn: notStored.map((row) => row.id) });
	// Only what was stored (now or before) is acknowledged: the author's tick must never claim a
	// delivery that did not happen. Refused rows stay pending with the author.
	const refused = new Map<RejectReason, number>();
	for (const [i, frame] of direct.entries()) {
		const result = results[i];
		if (result === 'stored' || result === 'duplicate') context.acknowledge(peer, frame.id);
		else if (result) refused.set(REFUSALS[result], (refused.get(REFUSALS[result]) ?? 0) + 1);
	}
	// Files of the messages stored now are fetched (a request's wait: storeIncomingBatch).
	const storedFiles = direct.filter((frame, i) => results[i] === 'stored' && files.has(frame.id)).map((frame) => frame.id);
	if (storedFiles.length > 0) context.files?.received(storedFiles);
	for (const [reason, count] of refused) {
		context.log.reject(reason, { peer, detail: `${count} message(s) not stored` });
		context.refused(peer, count);
	}
}

// Stryker disable next-line BlockStatement: timing only (the early bubble paints before the store's requests); no test can observe a task boundary's absence.
function nextTask(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 0));
}

const REFUSALS: Record<Exclude<StoreResult, 'stored' | 'duplicate'>, RejectReason> = {
	refused: 'blocked-span',
	'id-taken': 'id-taken',
	'over-quota': 'over-quota'
};
