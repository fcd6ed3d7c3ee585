import { recordReadReceipt } from '../../db/receipt-queries';
import type { FrameHandler } from '../context';

/**
 * A read receipt moves the peer's read mark on its contact row (the thread shows sent messages
 * at or below it as read). Authenticated like every sealed frame; its claim is clamped to what
 * we actually sent them, and only moves forward, so a hostile or replayed receipt changes nothing
 * a real one would not.
 */
export const handleRead: FrameHandler<'read'> = async (context, peer, frame) => {
	await recordReadReceipt(context.db, peer, frame.upTo);
};
