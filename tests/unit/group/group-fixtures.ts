import { createIdentity, type Identity } from '../../../src/lib/crypto/identity';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { GroupId, OpId } from '../../../src/lib/group/group-ids';
import { signGroupOp, type VerifiedOp } from '../../../src/lib/group/group-signing';
import { admitGroupOp } from '../../../src/lib/group/admission';
import { foldMembership, type GroupState } from '../../../src/lib/group/membership';

export interface Cast {
	sodium: Sodium;
	alice: Identity;
	bob: Identity;
	carol: Identity;
	dave: Identity;
	erin: Identity;
}

export async function cast(): Promise<Cast> {
	const sodium = await loadSodium();
	const [alice, bob, carol, dave, erin] = Array.from({ length: 5 }, () => createIdentity(sodium)) as [Identity, Identity, Identity, Identity, Identity];
	return { sodium, alice, bob, carol, dave, erin };
}

/** One member's view while writing ops: it names its heads and the next clock, as the app will. */
export class Writer {
	constructor(
		private readonly sodium: Sodium,
		readonly identity: Identity,
		readonly group: GroupId,
		/** The ops this writer has seen. */
		readonly seen: VerifiedOp[]
	) {}

	private next(): { after: OpId[]; clock: number } {
		const state = foldMembership(this.group, this.seen)!;
		return { after: [...state.heads], clock: state.clock + 1 };
	}

	write(change: OpChange): VerifiedOp {
		const op = signGroupOp(this.sodium, this.identity, { ...change, g: this.group, ...this.next() } as Parameters<typeof signGroupOp>[2]);
		this.seen.push(op);
		return op;
	}

	/** Learns ops written elsewhere (a partition healing). */
	learn(...ops: VerifiedOp[]): this {
		for (const op of ops) if (!this.seen.some((known) => known.id === op.id)) this.seen.push(op);
		return this;
	}
}

export type OpChange =
	| { kind: 'add'; member: PeerId }
	| { kind: 'remove'; member: PeerId }
	| { kind: 'admin'; member: PeerId; admin: boolean }
	| { kind: 'rename'; name: string }
	| { kind: 'leave' };

export function createGroup(sodium: Sodium, creator: Identity, members: Identity[], name = 'Climbing'): VerifiedOp {
	return signGroupOp(sodium, creator, {
		kind: 'create',
		g: '' as GroupId,
		clock: 1,
		after: [],
		name,
		members: members.map((m) => m.peerId),
		nonce: sodium.randombytes_buf(16)
	});
}

/** What users see of a state: the part that must be equal on every member. */
export function view(state: GroupState | null) {
	if (!state) return null;
	return {
		name: state.name,
		members: [...state.members].map(([id, m]) => `${id}${m.admin ? '*' : ''}`).sort(),
		departed: [...state.departed].sort(),
		applied: [...state.applied]
	};
}

/** Mulberry32: a small seeded generator, so a failing random order can be replayed. */
export function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}

export function* permutations<T>(items: readonly T[]): Generator<T[]> {
	if (items.length <= 1) {
		yield [...items];
		return;
	}
	for (let i = 0; i < items.length; i++) {
		const rest = [...items.slice(0, i), ...items.slice(i + 1)];
		for (const tail of permutations(rest)) yield [items[i]!, ...tail];
	}
}

/**
 * One receiver taking ops in `order` the way the app will: each through admission against its
 * current state, a refused op queued again (its sender resends on the next connection) until a
 * round admits nothing more.
 */
export function deliver(group: GroupId, order: readonly VerifiedOp[]): { state: GroupState | null; refused: VerifiedOp[] } {
	const held: VerifiedOp[] = [];
	let queue = [...order];
	for (let progress = true; progress && queue.length > 0; ) {
		progress = false;
		const again: VerifiedOp[] = [];
		for (const op of queue) {
			if (held.some((known) => known.id === op.id)) continue;
			if (admitGroupOp(foldMembership(group, held), op, held).ok) {
				held.push(op);
				progress = true;
			} else again.push(op);
		}
		queue = again;
	}
	return { state: foldMembership(group, held), refused: queue };
}
