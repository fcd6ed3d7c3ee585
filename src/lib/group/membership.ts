import type { PeerId } from '../ids/peer-id';
import { groupIdFromCreateOp, type GroupId, type OpId } from './group-ids';
import type { VerifiedOp } from './group-signing';
import { walkOps, type WalkedState } from './membership-walk';
import { OpGraph } from './op-graph';

export type { IgnoredBecause } from './membership-walk';

export interface GroupState extends WalkedState {
	/** Held ops waiting for an ancestor; `missing` lists the ancestors to ask for. */
	readonly waiting: readonly OpId[];
	readonly missing: readonly OpId[];
	/** What a new op must name in `after` (at most MAX_OP_PARENTS of them), and its clock floor. */
	readonly heads: readonly OpId[];
	readonly clock: number;
}

/**
 * Folds any set of verified ops of one group into its state. A pure function of the SET: every
 * member holding the same ops computes the same state, whatever order they arrived in. Null
 * while the group's create op is not held. The rules (docs/PROTOCOL.md "Groups"):
 * 1. only ops whose whole ancestry is held take part, in (clock, id) order;
 * 2. each applies only if its author has the role in the state reached at that point, except
 *    that a removal stands when its author's own removal was concurrent with it (two admins who
 *    remove each other concurrently are both removed);
 * 3. an add concurrent with an admin's removal of the same member is ignored (removal wins);
 * 4. a removed (or departed) member's ops concurrent with that removal are void, except a removal
 *    of the remover (rule 2); the fold is redone without them until nothing more is voided.
 */
export function foldMembership(group: GroupId, ops: Iterable<VerifiedOp>): GroupState | null {
	const graph = new OpGraph([...ops].filter((op) => op.group === group));
	const create = graph.ready.find((op) => op.frame.kind === 'create' && groupIdFromCreateOp(op.id) === group);
	if (!create) return null;
	const voided = new Set<OpId>();
	for (;;) {
		const state = walkOps(graph, create, voided);
		const before = voided.size;
		for (const [member, removals] of state.removals) {
			for (const op of graph.ready) {
				if (op.by !== member) continue;
				if (removals.some((removal) => graph.concurrent(op.id, removal) && !removes(op, graph.get(removal)!.by))) voided.add(op.id);
			}
		}
		// Voids only grow, so this ends after at most one pass per op.
		if (voided.size === before) {
			return {
				...state,
				waiting: graph.waiting,
				missing: graph.missing,
				heads: graph.heads(),
				clock: graph.ready.reduce((max, op) => Math.max(max, op.clock), 0)
			};
		}
	}
}

function removes(op: VerifiedOp, member: PeerId): boolean {
	return op.frame.kind === 'remove' && op.frame.member === member;
}
