// @ts-nocheck
import { markEditsSent, markSent } from '../../db/queries';
import type { FrameHandler } from '../context';

export const handleAck: FrameHandler<'ack'> = async (context, peer, frame) => {
	// One ack frame covers messages and edits alike: both are outbox rows keyed by UUIDv7.
	await Promise.all([markSent(context.db, peer, frame.ids, context.now()), markEditsSent(context.db, peer, frame.ids)]);
	context.acknowledged(peer, frame.ids);
};
