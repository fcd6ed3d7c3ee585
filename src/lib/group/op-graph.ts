import type { OpId } from './group-ids';
import type { VerifiedOp } from './group-signing';

/**
 * The causal graph of one group's ops: each op names the heads its author had seen. An op can be
 * folded only once its whole ancestry is held ("ready"); ancestry tells concurrent ops apart
 * from ops that saw each other, which the convergence rules need (docs/PROTOCOL.md "Groups").
 */
export class OpGraph {
	readonly ready: readonly VerifiedOp[];
	/** Held ops that wait for an ancestor not held yet. */
	readonly waiting: readonly OpId[];
	/** Parents referenced but not held: ask a member for these. */
	readonly missing: readonly OpId[];
	private readonly byId: ReadonlyMap<OpId, VerifiedOp>;
	private readonly ancestry = new Map<OpId, ReadonlySet<OpId>>();

	constructor(ops: Iterable<VerifiedOp>) {
		const byId = new Map<OpId, VerifiedOp>();
		for (const op of ops) byId.set(op.id, op);
		this.byId = byId;
		const missing = new Set<OpId>();
		for (const op of byId.values()) for (const parent of op.after) if (!byId.has(parent)) missing.add(parent);
		const isReady = new Map<OpId, boolean>();
		const ready: VerifiedOp[] = [];
		const waiting: OpId[] = [];
		for (const op of byId.values()) {
			if (this.resolve(op, isReady)) ready.push(op);
			else waiting.push(op.id);
		}
		// Lamport order: an op's clock exceeds its parents' (ops that break this are never applied),
		// and equal clocks are concurrent ops, put in order by id.
		ready.sort(byClockThenId);
		this.ready = ready;
		this.waiting = waiting.sort();
		this.missing = [...missing].sort();
	}

	get(id: OpId): VerifiedOp | undefined {
		return this.byId.get(id);
	}

	/** Every op `id` descends from (not itself). */
	ancestorsOf(id: OpId): ReadonlySet<OpId> {
		const known = this.ancestry.get(id);
		if (known) return known;
		const out = new Set<OpId>();
		// Explicit stack: a long chain of ops must not overflow the call stack.
		const stack = [...(this.byId.get(id)?.after ?? [])];
		while (stack.length > 0) {
			const next = stack.pop()!;
			if (out.has(next)) continue;
			out.add(next);
			const cached = this.ancestry.get(next);
			if (cached) for (const ancestor of cached) out.add(ancestor);
			else stack.push(...(this.byId.get(next)?.after ?? []));
		}
		this.ancestry.set(id, out);
		return out;
	}

	/** Neither saw the other. */
	concurrent(a: OpId, b: OpId): boolean {
		return a !== b && !this.ancestorsOf(a).has(b) && !this.ancestorsOf(b).has(a);
	}

	/** Ready ops no other ready op names as a parent. */
	heads(): OpId[] {
		const named = new Set<OpId>();
		for (const op of this.ready) for (const parent of op.after) named.add(parent);
		return this.ready.filter((op) => !named.has(op.id)).map((op) => op.id).sort();
	}

	private resolve(start: VerifiedOp, isReady: Map<OpId, boolean>): boolean {
		// Iterative post-order walk; ids are hashes over the parents, so the graph has no cycles.
		const stack: VerifiedOp[] = [start];
		while (stack.length > 0) {
			const op = stack[stack.length - 1]!;
			if (isReady.has(op.id)) {
				stack.pop();
				continue;
			}
			const pending = op.after.map((id) => this.byId.get(id)).filter((p): p is VerifiedOp => p !== undefined && !isReady.has(p.id));
			if (pending.length > 0) {
				stack.push(...pending);
				continue;
			}
			stack.pop();
			isReady.set(op.id, op.after.every((id) => isReady.get(id) === true));
		}
		return isReady.get(start.id) === true;
	}
}

export function byClockThenId(a: VerifiedOp, b: VerifiedOp): number {
	return a.clock - b.clock || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
