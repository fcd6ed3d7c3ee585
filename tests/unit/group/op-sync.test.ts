import { beforeAll, describe, expect, it } from 'vitest';
import type { OpId } from '../../../src/lib/group/group-ids';
import { planOpSync } from '../../../src/lib/group/op-sync';
import { foldMembership } from '../../../src/lib/group/membership';
import { cast, createGroup, Writer, type Cast } from './group-fixtures';

let c: Cast;
beforeAll(async () => {
	c = await cast();
});

describe('op sync', () => {
	it('sends, oldest first, exactly the ops the peer’s heads do not cover', () => {
		const create = createGroup(c.sodium, c.alice, [c.bob, c.carol]);
		const alice = new Writer(c.sodium, c.alice, create.group, [create]);
		const a1 = alice.write({ kind: 'add', member: c.dave.peerId });
		const bobSaw = foldMembership(create.group, alice.seen)!.heads;
		const a2 = alice.write({ kind: 'rename', name: 'Later' });
		const a3 = alice.write({ kind: 'remove', member: c.carol.peerId });
		const plan = planOpSync(alice.seen, bobSaw);
		expect(plan.send.map((op) => op.id)).toEqual([a2.id, a3.id]);
		expect(plan.ask).toEqual([]);
		expect(planOpSync(alice.seen, [a3.id]).send).toEqual([]);
		expect(planOpSync(alice.seen, []).send.map((op) => op.id)).toEqual([create.id, a1.id, a2.id, a3.id]);
	});

	it('asks for heads it does not hold and still sends what the known heads do not cover', () => {
		const create = createGroup(c.sodium, c.alice, [c.bob]);
		const alice = new Writer(c.sodium, c.alice, create.group, [create]);
		const a1 = alice.write({ kind: 'rename', name: 'Mine' });
		const unknown = ('o' + 'z'.repeat(32)) as OpId;
		const plan = planOpSync(alice.seen, [create.id, unknown]);
		expect(plan.ask).toEqual([unknown]);
		expect(plan.send.map((op) => op.id)).toEqual([a1.id]);
	});
});
