import { beforeAll, describe, expect, it } from 'vitest';
import { foldMembership } from '../../../src/lib/group/membership';
import { signGroupOp, type VerifiedOp } from '../../../src/lib/group/group-signing';
import { MAX_GROUP_MEMBERS } from '../../../src/lib/group/group-limits';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { cast, createGroup, deliver, permutations, view, Writer, type Cast } from './group-fixtures';

let c: Cast;
beforeAll(async () => {
	c = await cast();
});

function start(members = [c.bob, c.carol]) {
	const create = createGroup(c.sodium, c.alice, members);
	const alice = new Writer(c.sodium, c.alice, create.group, [create]);
	return { create, alice, group: create.group };
}

function writerFor(identity: Cast['alice'], from: Writer): Writer {
	return new Writer(c.sodium, identity, from.group, [...from.seen]);
}

/** Every delivery order of `ops` reaches the state folded from the whole set. */
function expectConvergesInEveryOrder(ops: readonly VerifiedOp[]) {
	const group = ops[0]!.group;
	const expected = view(foldMembership(group, ops));
	let orders = 0;
	for (const order of permutations(ops)) {
		expect(view(deliver(group, order).state)).toEqual(expected);
		orders++;
	}
	return { expected: expected!, orders };
}

describe('group membership', () => {
	it('starts with the creator as admin and the chosen members', () => {
		const { create, group } = start();
		const state = foldMembership(group, [create])!;
		expect(state.name).toBe('Climbing');
		expect(view(state)!.members).toEqual([`${c.alice.peerId}*`, c.bob.peerId, c.carol.peerId].sort());
		expect(state.heads).toEqual([create.id]);
	});

	it('is unknown until the create op is held', () => {
		const { alice, group } = start();
		const add = alice.write({ kind: 'add', member: c.dave.peerId });
		const state = foldMembership(group, [add]);
		expect(state).toBeNull();
	});

	it('lets only admins change members and the name, and only the creator name admins', () => {
		const { alice, group } = start();
		const bob = writerFor(c.bob, alice);
		const bobAdds = bob.write({ kind: 'add', member: c.dave.peerId });
		const bobRenames = bob.write({ kind: 'rename', name: 'Bob rules' });
		alice.learn(bobAdds, bobRenames);
		let state = foldMembership(group, alice.seen)!;
		expect(state.ignored.get(bobAdds.id)).toBe('not-authorised');
		expect(state.ignored.get(bobRenames.id)).toBe('not-authorised');
		expect(state.members.has(c.dave.peerId)).toBe(false);

		alice.write({ kind: 'admin', member: c.bob.peerId, admin: true });
		bob.learn(...alice.seen);
		const adds = bob.write({ kind: 'add', member: c.dave.peerId });
		const namesAdmin = bob.write({ kind: 'admin', member: c.dave.peerId, admin: true });
		const removesCreator = bob.write({ kind: 'remove', member: c.alice.peerId });
		state = foldMembership(group, bob.seen)!;
		expect(state.applied).toContain(adds.id);
		expect(state.ignored.get(namesAdmin.id)).toBe('not-authorised');
		expect(state.ignored.get(removesCreator.id)).toBe('not-authorised');
		expect(state.members.get(c.bob.peerId)?.admin).toBe(true);
	});

	it('lets anyone leave, after which their ops count for nothing', () => {
		const { alice, group } = start();
		const carol = writerFor(c.carol, alice);
		carol.write({ kind: 'leave' });
		const again = carol.write({ kind: 'leave' });
		const state = foldMembership(group, carol.seen)!;
		expect(state.members.has(c.carol.peerId)).toBe(false);
		expect(state.departed.has(c.carol.peerId)).toBe(true);
		expect(state.ignored.get(again.id)).toBe('not-authorised');
	});

	it('ignores an op whose clock is not above its parents', () => {
		const { create, group, alice } = start();
		const early = alice.write({ kind: 'rename', name: 'Early' });
		// Validly signed, but clock 2 does not exceed the parent's clock 2.
		const op = signGroupOp(c.sodium, c.alice, { kind: 'rename', name: 'Same clock', g: group, clock: early.clock, after: [early.id] });
		const state = foldMembership(group, [create, early, op])!;
		expect(state.ignored.get(op.id)).toBe('bad-clock');
		expect(state.name).toBe('Early');
	});

	it('takes no member beyond MAX_GROUP_MEMBERS', () => {
		const others = Array.from({ length: MAX_GROUP_MEMBERS - 1 }, () => createIdentity(c.sodium));
		const { alice, group } = start(others);
		const extra = alice.write({ kind: 'add', member: createIdentity(c.sodium).peerId });
		const state = foldMembership(group, alice.seen)!;
		expect(state.members.size).toBe(MAX_GROUP_MEMBERS);
		expect(state.ignored.get(extra.id)).toBe('full');
		alice.write({ kind: 'remove', member: others[0]!.peerId });
		const readded = alice.write({ kind: 'add', member: others[0]!.peerId });
		expect(foldMembership(group, alice.seen)!.applied).toContain(readded.id);
	});

	it('converges in every order when partitioned admins change things concurrently', () => {
		const { create, alice } = start();
		const promote = alice.write({ kind: 'admin', member: c.bob.peerId, admin: true });
		const bob = writerFor(c.bob, alice);
		// Partition: neither sees the other's ops.
		const a1 = alice.write({ kind: 'add', member: c.dave.peerId });
		const a2 = alice.write({ kind: 'rename', name: 'Alice side' });
		const b1 = bob.write({ kind: 'remove', member: c.carol.peerId });
		const b2 = bob.write({ kind: 'rename', name: 'Bob side' });
		const { expected, orders } = expectConvergesInEveryOrder([create, promote, a1, a2, b1, b2]);
		expect(orders).toBe(720);
		expect(expected.members).toEqual([`${c.alice.peerId}*`, `${c.bob.peerId}*`, c.dave.peerId].sort());
		expect(expected.departed).toEqual([c.carol.peerId]);
		// Concurrent renames: the later in (clock, id) order is applied last and stays.
		const last = [a2, b2].sort((x, y) => x.clock - y.clock || (x.id < y.id ? -1 : 1))[1]!;
		expect(expected.name).toBe(last === a2 ? 'Alice side' : 'Bob side');
	});

	it('lets a removal beat a concurrent re-add of the same member, in every order', () => {
		const { create, alice } = start();
		const promote = alice.write({ kind: 'admin', member: c.bob.peerId, admin: true });
		const bob = writerFor(c.bob, alice);
		const removed = alice.write({ kind: 'remove', member: c.carol.peerId });
		const readded = alice.write({ kind: 'add', member: c.carol.peerId });
		// Bob has not seen either and removes Carol too: concurrent with the re-add.
		const bobRemoves = bob.write({ kind: 'remove', member: c.carol.peerId });
		const { expected } = expectConvergesInEveryOrder([create, promote, removed, readded, bobRemoves]);
		expect(expected.members).not.toContain(c.carol.peerId);
		expect(expected.departed).toContain(c.carol.peerId);
	});

	it('re-admits a removed member when the add saw every removal', () => {
		const { alice, group } = start();
		alice.write({ kind: 'remove', member: c.carol.peerId });
		const readded = alice.write({ kind: 'add', member: c.carol.peerId });
		const state = foldMembership(group, alice.seen)!;
		expect(state.applied).toContain(readded.id);
		expect(state.members.has(c.carol.peerId)).toBe(true);
		expect(state.departed.has(c.carol.peerId)).toBe(false);
	});

	it('removes both of two admins who remove each other concurrently, and voids their other concurrent ops', () => {
		const { create, alice } = start([c.bob, c.carol, c.dave]);
		const p1 = alice.write({ kind: 'admin', member: c.bob.peerId, admin: true });
		const p2 = alice.write({ kind: 'admin', member: c.carol.peerId, admin: true });
		const bob = writerFor(c.bob, alice);
		const carol = writerFor(c.carol, alice);
		const bobRemovesCarol = bob.write({ kind: 'remove', member: c.carol.peerId });
		const carolRemovesBob = carol.write({ kind: 'remove', member: c.bob.peerId });
		const carolAddsErin = carol.write({ kind: 'add', member: c.erin.peerId });
		const { expected } = expectConvergesInEveryOrder([create, p1, p2, bobRemovesCarol, carolRemovesBob, carolAddsErin]);
		// Neither can win the race by the order (which a backdating author could pick).
		expect(expected.members).toEqual([`${c.alice.peerId}*`, c.dave.peerId].sort());
		expect(expected.departed).toEqual([c.bob.peerId, c.carol.peerId].sort());
	});

	it('voids what a removed admin writes afterwards with old parents (backdating)', () => {
		const { create, alice, group } = start();
		const promote = alice.write({ kind: 'admin', member: c.bob.peerId, admin: true });
		const bobBefore = writerFor(c.bob, alice);
		const removeBob = alice.write({ kind: 'remove', member: c.bob.peerId });
		// Bob claims to have seen nothing since his promotion: clock 3, below the removal's.
		const backdated = bobBefore.write({ kind: 'add', member: c.erin.peerId });
		expect(backdated.clock).toBeLessThanOrEqual(removeBob.clock);
		const state = foldMembership(group, [create, promote, removeBob, backdated])!;
		expect(state.ignored.get(backdated.id)).toBe('author-removed');
		expect(state.members.has(c.erin.peerId)).toBe(false);
		expectConvergesInEveryOrder([create, promote, removeBob, backdated]);
	});

	it('lets a removed admin who races the remover take the remover out too, but not stay', () => {
		const { create, alice, group } = start([c.bob, c.carol, c.dave]);
		const p1 = alice.write({ kind: 'admin', member: c.bob.peerId, admin: true });
		const p2 = alice.write({ kind: 'admin', member: c.carol.peerId, admin: true });
		const bobBefore = writerFor(c.bob, alice);
		const carol = writerFor(c.carol, alice);
		const carolRemovesBob = carol.write({ kind: 'remove', member: c.bob.peerId });
		// Bob answers with old parents and the lowest clock he can claim.
		const bobRemovesCarol = bobBefore.write({ kind: 'remove', member: c.carol.peerId });
		const bobRemovesDave = bobBefore.write({ kind: 'remove', member: c.dave.peerId });
		const state = foldMembership(group, [create, p1, p2, carolRemovesBob, bobRemovesCarol, bobRemovesDave])!;
		expect(state.members.has(c.bob.peerId)).toBe(false);
		expect(state.members.has(c.carol.peerId)).toBe(false);
		expect(state.members.has(c.dave.peerId)).toBe(true);
		expect(state.ignored.get(bobRemovesDave.id)).toBe('author-removed');
	});
});
