import { storeIncoming } from '../../db/queries';
import { shortPeerId } from '../../ids/peer-id';
import type { FrameHandler } from '../context';

/** Stores a text message exactly once, then acknowledges it (also when it was a duplicate). */
export const handleMessage: FrameHandler<'msg'> = async (context, peer, frame) => {
	if (frame.conv !== undefined) {
		context.log.reject('unexpected', { peer, detail: 'group messages are not supported yet' });
		return;
	}
	const now = context.now();
	const result = await storeIncoming(
		context.db,
		{
			id: frame.id,
			conversationId: peer,
			peerId: peer,
			seq: frame.seq,
			text: frame.body.text,
			authoredAt: frame.ts,
			time: now,
			unread: 1,
			version: frame.v ?? 0
		},
		() => ({ peerId: peer, name: context.announcedNames.get(peer) ?? shortPeerId(peer),
			publicKey: context.verifiedKeys.get(peer),
			state: 'request',
			addedAt: now,
			lastActivity: now
		})
	);
	// Refused messages are acknowledged too: the author's outbox stops retrying, and learns nothing.
	if (result === 'refused') context.log.reject('blocked', { peer, detail: 'message from a blocked span' });
	context.acknowledge(peer, frame.id);
};
