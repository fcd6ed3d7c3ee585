import type { OpId } from './group-ids';
import { MAX_OP_REQUEST_IDS } from './group-limits';
import type { VerifiedOp } from './group-signing';
import { byClockThenId, OpGraph } from './op-graph';

/**
 * Op exchange on connect: each side's summary names its heads. If I hold all of theirs, they
 * lack exactly my ops that are not among their heads' ancestry, which I send oldest first (so
 * each arrives after its parents and passes admission by a member's state). Heads I do not hold
 * are what I ask for (their ancestors follow from the other side's own plan); below such a head
 * I cannot tell what they hold, so I send what the known heads do not cover (duplicates are
 * dropped by op id).
 */
export function planOpSync(mine: Iterable<VerifiedOp>, theirHeads: readonly OpId[]): { send: VerifiedOp[]; ask: OpId[] } {
	const graph = new OpGraph(mine);
	const unknown = theirHeads.filter((head) => !graph.get(head));
	const known = theirHeads.filter((head) => graph.get(head));
	const theyHold = new Set<OpId>(known);
	for (const head of known) for (const ancestor of graph.ancestorsOf(head)) theyHold.add(ancestor);
	const send = [...graph.ready, ...graph.waiting.map((id) => graph.get(id)!)].filter((op) => !theyHold.has(op.id)).sort(byClockThenId);
	return { send, ask: unknown.slice(0, MAX_OP_REQUEST_IDS) };
}
