import { storeIncomingBatch } from '../../db/queries';
import type { ReceivedRow } from '../../db/schema';
import { shortPeerId, type PeerId } from '../../ids/peer-id';
import type { MessageFrame } from '../../protocol/frames';
import type { HandlerContext } from '../context';

/**
 * Stores a run of text messages from one peer exactly once each, then acknowledges every one of
 * them (duplicates too, so the author's outbox can stop).
 */
export async function handleMessages(context: HandlerContext, peer: PeerId, frames: readonly MessageFrame[]): Promise<void> {
	const direct = frames.filter((frame) => {
		if (frame.conv === undefined) return true;
		context.log.reject('unexpected', { peer, detail: 'group messages are not supported yet' });
		return false;
	});
	if (direct.length === 0) return;
	const now = context.now();
	const rows: ReceivedRow[] = direct.map((frame) => ({
		id: frame.id,
		conversationId: peer,
		peerId: peer,
		seq: frame.seq,
		text: frame.body.text,
		authoredAt: frame.ts,
		// Each row its own local time (the clock is monotonic), so arrival order is kept.
		time: context.now(),
		unread: 1,
		version: frame.v ?? 0
	}));
	const results = await storeIncomingBatch(context.db, rows, () => ({
		peerId: peer,
		name: context.announcedNames.get(peer) ?? shortPeerId(peer),
		publicKey: context.verifiedKeys.get(peer),
		state: 'request',
		addedAt: now,
		lastActivity: now
	}));
	// Refused messages are acknowledged too: the author's outbox stops retrying, and learns nothing.
	if (results.includes('refused')) context.log.reject('blocked', { peer, detail: 'message from a blocked span' });
	for (const frame of direct) context.acknowledge(peer, frame.id);
}
