import type { PeerId } from '../ids/peer-id';
import { groupIdFromCreateOp, type GroupId, type OpId } from './group-ids';
import { MAX_GROUP_MEMBERS } from './group-limits';
import type { VerifiedOp } from './group-signing';
import { OpGraph } from './op-graph';

/** Why a held op changed nothing. Every member reaches the same verdict for the same op set. */
export type IgnoredBecause =
	/** Its author lacked the role at that point of the order (or was not a member). */
	| 'not-authorised'
	/** Its clock is not above all its parents' clocks. */
	| 'bad-clock'
	/** An add to a group already at MAX_GROUP_MEMBERS. */
	| 'full'
	/** An add concurrent with a removal of the same member: removal wins. */
	| 'removal-wins'
	/** By a member removed (or gone) in an op it did not see and that did not see it. */
	| 'author-removed'
	/** Adds a member already in, removes one already out, renames to the same name. */
	| 'no-effect';

export interface GroupState {
	readonly group: GroupId;
	readonly creator: PeerId;
	readonly name: string;
	/** Current members; `admin` for the creator and whoever the creator named. */
	readonly members: ReadonlyMap<PeerId, { readonly admin: boolean }>;
	/** Were members once and are not now (removed or left): their past messages stay relayable. */
	readonly departed: ReadonlySet<PeerId>;
	/** Ops that changed the state, in fold order. */
	readonly applied: readonly OpId[];
	readonly ignored: ReadonlyMap<OpId, IgnoredBecause>;
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
 * while the group's create op is not held. The rule (docs/PROTOCOL.md "Groups"):
 * 1. only ops whose whole ancestry is held take part, in (clock, id) order;
 * 2. each applies only if its author has the role in the state reached at that point;
 * 3. an add concurrent with a removal of the same member is ignored (removal wins);
 * 4. when a member is removed or leaves, that member's ops concurrent with the removal are void,
 *    and the fold is redone without them until nothing more is voided.
 */
export function foldMembership(group: GroupId, ops: Iterable<VerifiedOp>): GroupState | null {
	const graph = new OpGraph([...ops].filter((op) => op.group === group));
	const create = graph.ready.find((op) => op.frame.kind === 'create' && groupIdFromCreateOp(op.id) === group);
	if (!create) return null;
	const voided = new Set<OpId>();
	for (;;) {
		const walk = walkOps(graph, create, voided);
		const before = voided.size;
		for (const [member, removals] of walk.removals) {
			for (const op of graph.ready) {
				if (op.by === member && removals.some((removal) => graph.concurrent(op.id, removal))) voided.add(op.id);
			}
		}
		// Voids only grow, so this ends after at most one pass per op.
		if (voided.size === before) {
			return {
				...walk.state,
				waiting: graph.waiting,
				missing: graph.missing,
				heads: graph.heads(),
				clock: graph.ready.reduce((max, op) => Math.max(max, op.clock), 0)
			};
		}
	}
}

type Walked = Omit<GroupState, 'waiting' | 'missing' | 'heads' | 'clock'>;

function walkOps(graph: OpGraph, create: VerifiedOp, voided: ReadonlySet<OpId>): { state: Walked; removals: Map<PeerId, OpId[]> } {
	const creator = create.by;
	const members = new Map<PeerId, { admin: boolean }>();
	const departed = new Set<PeerId>();
	const applied: OpId[] = [];
	const ignored = new Map<OpId, IgnoredBecause>();
	/** Applied removals (and leaves) per member, for rules 3 and 4. */
	const removals = new Map<PeerId, OpId[]>();
	let name = '';

	const leaveGroup = (member: PeerId, op: VerifiedOp) => {
		members.delete(member);
		departed.add(member);
		removals.set(member, [...(removals.get(member) ?? []), op.id]);
	};
	const isAdmin = (who: PeerId) => members.get(who)?.admin === true;

	for (const op of graph.ready) {
		const frame = op.frame;
		const verdict = ((): IgnoredBecause | null => {
			if (voided.has(op.id)) return 'author-removed';
			if (op.after.some((parent) => (graph.get(parent)?.clock ?? Infinity) >= op.clock)) return 'bad-clock';
			switch (frame.kind) {
				case 'create':
					// The one root: its id is the group id, so no second create can exist.
					if (op.id !== create.id) return 'not-authorised';
					name = frame.name;
					members.set(creator, { admin: true });
					for (const member of frame.members) members.set(member, { admin: false });
					return null;
				case 'add':
					if (!isAdmin(op.by)) return 'not-authorised';
					if (members.has(frame.member)) return 'no-effect';
					if ((removals.get(frame.member) ?? []).some((removal) => !graph.ancestorsOf(op.id).has(removal))) return 'removal-wins';
					if (members.size >= MAX_GROUP_MEMBERS) return 'full';
					members.set(frame.member, { admin: frame.member === creator });
					departed.delete(frame.member);
					return null;
				case 'remove':
					if (!isAdmin(op.by) || frame.member === creator) return 'not-authorised';
					if (!members.has(frame.member)) return 'no-effect';
					leaveGroup(frame.member, op);
					return null;
				case 'admin':
					if (op.by !== creator || !members.has(creator) || frame.member === creator) return 'not-authorised';
					if (!members.has(frame.member)) return 'no-effect';
					members.set(frame.member, { admin: frame.admin });
					return null;
				case 'rename':
					if (!isAdmin(op.by)) return 'not-authorised';
					if (frame.name === name) return 'no-effect';
					name = frame.name;
					return null;
				case 'leave':
					if (!members.has(op.by)) return 'not-authorised';
					leaveGroup(op.by, op);
					return null;
			}
		})();
		if (verdict === null) applied.push(op.id);
		else ignored.set(op.id, verdict);
	}
	return { state: { group: create.group, creator, name, members, departed, applied, ignored }, removals };
}
