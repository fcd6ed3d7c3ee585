import { applyIncomingDelete, type DeleteResult } from '../../db/delete-queries';
import type { RejectReason } from '../../protocol/reject';
import type { FrameHandler } from '../context';

/** Deletes that are not applied, why, and the reason logged. None of them is acked. */
const REFUSALS: Partial<Record<DeleteResult, [RejectReason, string]>> = {
	'not-author': ['not-author', 'delete of a message this peer did not write'],
	'id-taken': ['id-taken', 'delete id already in use'],
	refused: ['blocked-span', 'delete dated outside what the block rules allow']
};

export const handleDelete: FrameHandler<'delete'> = async (context, peer, frame) => {
	const result = await applyIncomingDelete(context.db, { id: frame.id, target: frame.target, author: peer, authoredAt: frame.ts, now: context.now() });
	const refusal = REFUSALS[result];
	if (refusal) {
		context.log.reject(refusal[0], { peer, detail: refusal[1] });
		return context.refused(peer, 1);
	}
	context.acknowledge(peer, frame.id);
};
