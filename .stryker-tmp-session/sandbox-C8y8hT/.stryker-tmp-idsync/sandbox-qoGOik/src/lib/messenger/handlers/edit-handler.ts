// @ts-nocheck
// 
import { applyIncomingEdit, type EditResult } from '../../db/queries';
import type { RejectReason } from '../../protocol/reject';
import type { FrameHandler } from '../context';

/** Edits that are not stored, why, and the reason logged. None of them is acked. */
const REFUSALS: Partial<Record<EditResult, [RejectReason, string]>> = {
	'not-author': ['not-author', 'edit of a message this peer did not write'],
	'id-taken': ['id-taken', 'edit id already in use'],
	// Not acked, so the author retries on its next connection, after the message has arrived.
	'unknown-target': ['unknown-target', 'edit of a message not received'],
	refused: ['blocked-span', 'edit dated outside what the block rules allow'],
	'over-quota': ['over-quota', 'too many versions from a message request']
};

export const handleEdit: FrameHandler<'edit'> = async (context, peer, frame) => {
	const result = await applyIncomingEdit(context.db, {
		id: frame.id,
		target: frame.target,
		version: frame.version,
		text: frame.text,
		author: peer,
		authoredAt: frame.ts,
		now: context.now()
	});
	const refusal = REFUSALS[result];
	if (refusal) {
		context.log.reject(refusal[0], { peer, detail: refusal[1] });
		return context.refused(peer, 1);
	}
	context.acknowledge(peer, frame.id);
};
