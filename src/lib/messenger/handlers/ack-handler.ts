import { markAcked } from '../../db/queries';
import type { FrameHandler } from '../context';

export const handleAck: FrameHandler<'ack'> = async (context, peer, frame) => {
	// One ack frame covers messages and edits alike: both are outbox rows keyed by UUIDv7.
	await markAcked(context.db, peer, frame.ids, context.now());
	context.acknowledged(peer, frame.ids);
};
