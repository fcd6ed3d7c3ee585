import type { PeerId } from '../ids/peer-id';
import type { GroupId, OpId } from './group-ids';
import { MAX_GROUP_MEMBERS } from './group-limits';
import type { VerifiedOp } from './group-signing';
import type { OpGraph } from './op-graph';

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

export interface WalkedState {
	readonly group: GroupId;
	readonly creator: PeerId;
	readonly name: string;
	/** Current members; `admin` for the creator and whoever the creator named. */
	readonly members: ReadonlyMap<PeerId, { readonly admin: boolean }>;
	/** Were members once and are not now (removed or left): their past messages stay relayable. */
	readonly departed: ReadonlySet<PeerId>;
	/** Per member, the authorised removals (and leaves) of them: admission refuses what saw one. */
	readonly removals: ReadonlyMap<PeerId, readonly OpId[]>;
	/** Ops that changed the state, in fold order. */
	readonly applied: readonly OpId[];
	readonly ignored: ReadonlyMap<OpId, IgnoredBecause>;
}

/** One pass over the ready ops in (clock, id) order, leaving out `voided` (membership.ts). */
export function walkOps(graph: OpGraph, create: VerifiedOp, voided: ReadonlySet<OpId>): WalkedState {
	const creator = create.by;
	const members = new Map<PeerId, { admin: boolean }>();
	const departed = new Set<PeerId>();
	const removals = new Map<PeerId, OpId[]>();
	/** Whether each departed member was an admin when they went: for removal races (rule 2). */
	const wasAdmin = new Map<PeerId, boolean>();
	const applied: OpId[] = [];
	const ignored = new Map<OpId, IgnoredBecause>();
	let name = '';

	const isAdmin = (who: PeerId) => members.get(who)?.admin === true;
	const recordRemoval = (member: PeerId, op: VerifiedOp) => removals.set(member, [...(removals.get(member) ?? []), op.id]);
	const depart = (member: PeerId) => {
		wasAdmin.set(member, isAdmin(member));
		members.delete(member);
		departed.add(member);
	};
	/** An admin removed only by removals this op did not see may still remove (rule 2). */
	const mayRemove = (op: VerifiedOp) => {
		if (isAdmin(op.by)) return true;
		const against = removals.get(op.by);
		return wasAdmin.get(op.by) === true && against !== undefined && against.every((removal) => graph.concurrent(op.id, removal));
	};

	const judge = (op: VerifiedOp): IgnoredBecause | null => {
		const frame = op.frame;
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
				if (!mayRemove(op) || frame.member === creator) return 'not-authorised';
				// A removal of someone already out still counts for rules 3 and 4: it must beat a
				// concurrent re-add whichever of the two sorts first.
				recordRemoval(frame.member, op);
				if (!members.has(frame.member)) return 'no-effect';
				depart(frame.member);
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
				recordRemoval(op.by, op);
				depart(op.by);
				return null;
		}
	};

	for (const op of graph.ready) {
		const verdict = judge(op);
		if (verdict === null) applied.push(op.id);
		else ignored.set(op.id, verdict);
	}
	return { group: create.group, creator, name, members, departed, removals, applied, ignored };
}
