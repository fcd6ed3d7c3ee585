import { markAcked } from '../../db/queries';
import type { FrameHandler } from '../context';

export const handleAck: FrameHandler<'ack'> = async (context, peer, frame) => {
	// An ack can overtake the write of a row sent ahead of its commit (send-ahead.ts).
	const writing = context.settled(frame.ids);
	if (writing) await writing;
	// One ack frame covers messages and edits alike: both are outbox rows keyed by UUIDv7.
	await markAcked(context.db, peer, frame.ids, context.now());
	context.acknowledged(peer, frame.ids);
};
