import { markSent } from '../../db/queries';
import type { FrameHandler } from '../context';

export const handleAck: FrameHandler<'ack'> = async (context, peer, frame) => {
	await markSent(context.db, peer, frame.ids, context.now());
	context.acknowledged(peer, frame.ids);
};
