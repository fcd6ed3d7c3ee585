import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { GroupId } from './group-ids';
import { MAX_GROUP_OPS } from './group-limits';
import type { Checked, VerifiedGroupMessage, VerifiedOp } from './group-signing';
import type { GroupState } from './membership';
import { OpGraph } from './op-graph';

/** What the store already holds, asked through the db adapter (next session). */
export interface HeldGroupMessages {
	/** The message id held for this author's seq in this group, if any. */
	idAt(group: GroupId, author: PeerId, seq: number): MessageId | undefined;
	/** Where a message id is held, if anywhere (ids are unique across every conversation). */
	placeOf(id: MessageId): { group: GroupId | null; author: PeerId; seq: number } | undefined;
}

/** `new`: store it and ack; `duplicate`: ack again, store nothing (it came another way first). */
export type MessageAdmission = 'new' | 'duplicate';

/**
 * Decides whether a verified group message may be stored, by the receiver's current state:
 * its author and (for a relayed copy) the member who delivered it must both be members now, and
 * its id and seq must not be taken by anything else. Nothing refused is stored or acked.
 */
export function admitGroupMessage(
	state: GroupState | null,
	message: VerifiedGroupMessage,
	deliveredBy: PeerId,
	held: HeldGroupMessages
): Checked<MessageAdmission> {
	const frame = message.frame;
	if (!state || state.group !== frame.g) return { ok: false, reason: 'unknown-group' };
	if (!state.members.has(frame.by)) return { ok: false, reason: 'not-member' };
	if (deliveredBy !== frame.by && !state.members.has(deliveredBy)) return { ok: false, reason: 'relay-not-member' };
	const place = held.placeOf(frame.id);
	if (place) {
		const same = place.group === frame.g && place.author === frame.by && place.seq === frame.seq;
		return same ? { ok: true, value: 'duplicate' } : { ok: false, reason: 'replayed' };
	}
	// A different message at a seq already held: the author signed two (equivocation), or an old
	// frame is being passed off again. Either way the first one stands.
	if (held.idAt(frame.g, frame.by, frame.seq) !== undefined) return { ok: false, reason: 'replayed' };
	return { ok: true, value: 'new' };
}

/**
 * Decides whether a verified op may be stored. A group is introduced only by its create op. Then
 * an op is taken from a current member; from a departed member only if it saw none of their
 * removals (it was written concurrently, and the fold must see it to converge: it may win a
 * removal race or be voided); and whatever a held op names as a parent, whoever wrote it. What
 * the op does is the fold's decision, not this one's. `held` is every op held for the group.
 */
export function admitGroupOp(state: GroupState | null, op: VerifiedOp, held: readonly VerifiedOp[]): Checked<'new'> {
	if (!state) return op.frame.kind === 'create' ? { ok: true, value: 'new' } : { ok: false, reason: 'unknown-group' };
	if (state.group !== op.group) return { ok: false, reason: 'unknown-group' };
	if (held.length >= MAX_GROUP_OPS) return { ok: false, reason: 'too-many-ops' };
	if (state.members.has(op.by) || state.missing.includes(op.id)) return { ok: true, value: 'new' };
	const removals = state.removals.get(op.by);
	if (!removals) return { ok: false, reason: 'not-member' };
	const graph = new OpGraph([...held, op]);
	// With a parent not held yet it cannot be told apart from a frame written after the removal.
	if (!graph.ready.some((ready) => ready.id === op.id)) return { ok: false, reason: 'not-member' };
	const seen = graph.ancestorsOf(op.id);
	return removals.some((removal) => seen.has(removal)) ? { ok: false, reason: 'not-member' } : { ok: true, value: 'new' };
}
