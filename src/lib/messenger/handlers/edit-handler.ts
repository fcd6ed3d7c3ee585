import { applyIncomingEdit } from '../../db/queries';
import type { FrameHandler } from '../context';

export const handleEdit: FrameHandler<'edit'> = async (context, peer, frame) => {
	const result = await applyIncomingEdit(context.db, { id: frame.id, target: frame.target, version: frame.version, text: frame.text, author: peer, now: context.now() });
	if (result === 'not-author') {
		// Nothing was written; no ack either, so a well-behaved peer never sends this twice.
		context.log.reject('not-author', { peer, detail: 'edit of a message this peer did not write' });
		return;
	}
	if (result === 'unknown-target') context.log.info('edit before its message; kept in history', { peer });
	context.acknowledge(peer, frame.id);
};
