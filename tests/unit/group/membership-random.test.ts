import { beforeAll, describe, expect, it } from 'vitest';
import { createIdentity, type Identity } from '../../../src/lib/crypto/identity';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import type { VerifiedOp } from '../../../src/lib/group/group-signing';
import { foldMembership } from '../../../src/lib/group/membership';
import { createGroup, deliver, seeded, shuffle, view, Writer, type OpChange } from './group-fixtures';

let sodium: Sodium;
let people: Identity[];
beforeAll(async () => {
	sodium = await loadSodium();
	people = Array.from({ length: 8 }, () => createIdentity(sodium));
});

/**
 * Three admins write random changes on their own side of a partition that heals now and then:
 * many concurrent adds, removals (of each other too), renames and leaves.
 */
function randomHistory(random: () => number, steps: number): VerifiedOp[] {
	const [creator, second, third, ...others] = people as [Identity, Identity, Identity, ...Identity[]];
	const create = createGroup(sodium, creator, [second, third, others[0]!]);
	const first = new Writer(sodium, creator, create.group, [create]);
	first.write({ kind: 'admin', member: second.peerId, admin: true });
	first.write({ kind: 'admin', member: third.peerId, admin: true });
	const writers = [first, new Writer(sodium, second, create.group, [...first.seen]), new Writer(sodium, third, create.group, [...first.seen])];
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	for (let step = 0; step < steps; step++) {
		const writer = pick(writers);
		if (random() < 0.2) {
			writer.learn(...pick(writers).seen);
			continue;
		}
		const target = pick(people).peerId;
		const roll = random();
		const change: OpChange =
			roll < 0.35 ? { kind: 'add', member: target }
			: roll < 0.65 ? { kind: 'remove', member: target }
			: roll < 0.8 ? { kind: 'rename', name: `Name ${step}` }
			: roll < 0.95 ? { kind: 'admin', member: target, admin: random() < 0.5 }
			: { kind: 'leave' };
		writer.write(change);
	}
	const all = new Map<string, VerifiedOp>();
	for (const writer of writers) for (const op of writer.seen) all.set(op.id, op);
	return [...all.values()];
}

describe('group membership, random histories', () => {
	it('converges in random delivery orders (seeded: a failure names its seed)', () => {
		const verdicts = new Set<string>();
		for (let seed = 1; seed <= 12; seed++) {
			const random = seeded(seed);
			const ops = randomHistory(random, 24);
			const group = ops[0]!.group;
			const folded = foldMembership(group, ops)!;
			for (const verdict of folded.ignored.values()) verdicts.add(verdict);
			const expected = view(folded);
			for (let order = 0; order < 10; order++) {
				expect(view(deliver(group, shuffle(ops, random)).state), `seed ${seed}, order ${order}`).toEqual(expected);
			}
		}
		// The histories reach the interesting rules, not only plain adds.
		expect([...verdicts].sort()).toEqual(expect.arrayContaining(['author-removed', 'no-effect', 'not-authorised', 'removal-wins']));
	});

	it('folds the same state from the set whatever order the array is in', () => {
		const random = seeded(99);
		const ops = randomHistory(random, 40);
		const group = ops[0]!.group;
		const expected = foldMembership(group, ops)!;
		for (let order = 0; order < 20; order++) {
			const state = foldMembership(group, shuffle(ops, random))!;
			expect(view(state)).toEqual(view(expected));
			expect([...state.ignored].sort()).toEqual([...expected.ignored].sort());
			expect(state.heads).toEqual(expected.heads);
		}
	});
});
