import { beforeAll, describe, expect, it } from 'vitest';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { MAX_RELAY_BATCH_MESSAGES, MAX_RELAY_RANGES, MAX_SUMMARY_AUTHORS, RELAY_WINDOW_MESSAGES } from '../../../src/lib/group/group-limits';
import { foldMembership, type GroupState } from '../../../src/lib/group/membership';
import { answerRelayRequest, heldRun, planRelay, summarize, type HeldRun, type RelaySummary } from '../../../src/lib/group/relay';
import { cast, createGroup, Writer, type Cast } from './group-fixtures';

let c: Cast;
let state: GroupState;
let alice: PeerId;
let bob: PeerId;
let carol: PeerId;
let dave: PeerId;

beforeAll(async () => {
	c = await cast();
	const create = createGroup(c.sodium, c.alice, [c.bob, c.carol, c.dave]);
	const writer = new Writer(c.sodium, c.alice, create.group, [create]);
	writer.write({ kind: 'remove', member: c.dave.peerId });
	state = foldMembership(create.group, writer.seen)!;
	[alice, bob, carol, dave] = [c.alice.peerId, c.bob.peerId, c.carol.peerId, c.dave.peerId];
});

const range = (from: number, upTo: number) => Array.from({ length: upTo - from + 1 }, (_, i) => from + i);
const summary = (entries: [PeerId, HeldRun][]): RelaySummary => new Map(entries);

describe('held runs', () => {
	it('claim only the run without a gap from the lowest seq held', () => {
		expect(heldRun([1, 2, 3, 5, 6])).toEqual({ from: 1, upTo: 3 });
		expect(heldRun([6, 4, 5, 9])).toEqual({ from: 4, upTo: 6 });
		expect(heldRun([3, 3, 2])).toEqual({ from: 2, upTo: 3 });
		expect(heldRun([])).toBeNull();
		expect(heldRun([0, -1, 1.5])).toBeNull();
	});
});

describe('summaries', () => {
	it('name members and departed members only, and skip authors with nothing held', () => {
		const held = new Map<PeerId, number[]>([
			[alice, range(1, 4)],
			[dave, [1, 2]],
			[c.erin.peerId, [1]],
			[carol, []]
		]);
		expect(summarize(state, held)).toEqual(summary([
			[alice, { from: 1, upTo: 4 }],
			[dave, { from: 1, upTo: 2 }]
		]));
	});

	it('hold at most MAX_SUMMARY_AUTHORS authors', () => {
		const many = { ...state, departed: new Set(Array.from({ length: 200 }, (_, i) => `p${String(i).padStart(32, 'a')}` as PeerId)) };
		const held = new Map([...many.departed].map((id) => [id, [1]] as const));
		expect(summarize(many, held).size).toBe(MAX_SUMMARY_AUTHORS);
	});
});

describe('relay plans', () => {
	it('offer what the peer lacks and ask for what I lack, per author', () => {
		const mine = summary([
			[alice, { from: 1, upTo: 10 }],
			[bob, { from: 1, upTo: 3 }]
		]);
		const theirs = summary([
			[alice, { from: 1, upTo: 7 }],
			[bob, { from: 1, upTo: 5 }],
			[carol, { from: 2, upTo: 4 }]
		]);
		const plan = planRelay(mine, theirs, state);
		expect(plan.offer).toEqual({ ranges: [{ author: alice, from: 8, to: 10 }], more: false });
		const asked = [...plan.ask.ranges].sort((a, b) => a.author.localeCompare(b.author));
		expect(asked).toEqual([{ author: bob, from: 4, to: 5 }, { author: carol, from: 2, to: 4 }].sort((a, b) => a.author.localeCompare(b.author)));
		expect(plan.ask.more).toBe(false);
	});

	it('offer nothing when the peer is level or ahead, and nothing for authors my state does not know', () => {
		const mine = summary([[alice, { from: 1, upTo: 5 }]]);
		const theirs = summary([
			[alice, { from: 1, upTo: 9 }],
			[c.erin.peerId, { from: 1, upTo: 9 }]
		]);
		const plan = planRelay(mine, theirs, state);
		expect(plan.offer.ranges).toEqual([]);
		expect(plan.ask.ranges).toEqual([{ author: alice, from: 6, to: 9 }]);
	});

	it('relay a departed member’s earlier messages', () => {
		const plan = planRelay(summary([[dave, { from: 1, upTo: 2 }]]), summary([]), state);
		expect(plan.offer.ranges).toEqual([{ author: dave, from: 1, to: 2 }]);
	});

	it('never reach below the history window', () => {
		const mine = summary([[alice, { from: 1, upTo: 10_000 }]]);
		const plan = planRelay(mine, summary([]), state);
		expect(plan.offer.ranges[0]!.from).toBe(10_000 - RELAY_WINDOW_MESSAGES + 1);
	});

	it('start after the peer’s run even when it holds only a late run', () => {
		const plan = planRelay(summary([[alice, { from: 1, upTo: 30 }]]), summary([[alice, { from: 20, upTo: 25 }]]), state);
		expect(plan.offer.ranges).toEqual([{ author: alice, from: 26, to: 30 }]);
	});

	it('cut a batch at MAX_RELAY_BATCH_MESSAGES messages, oldest first, and say there is more', () => {
		const mine = summary([
			[alice, { from: 1, upTo: 50 }],
			[bob, { from: 1, upTo: 50 }]
		]);
		const plan = planRelay(mine, summary([]), state);
		const total = plan.offer.ranges.reduce((n, r) => n + r.to - r.from + 1, 0);
		expect(total).toBe(MAX_RELAY_BATCH_MESSAGES);
		expect(plan.offer.more).toBe(true);
		for (const r of plan.offer.ranges) expect(r.from).toBe(1);
	});

	it('cut a batch at MAX_RELAY_RANGES ranges', () => {
		const authors = Array.from({ length: 40 }, (_, i) => `p${String(i).padStart(32, 'b')}` as PeerId);
		const wide = { ...state, departed: new Set(authors) };
		const mine = summary(authors.map((a) => [a, { from: 1, upTo: 1 }]));
		const plan = planRelay(mine, summary([]), wide);
		expect(plan.offer.ranges).toHaveLength(MAX_RELAY_RANGES);
		expect(plan.offer.more).toBe(true);
	});
});

describe('answering a relay request', () => {
	it('sends only what I hold within the window, for authors I know, bounded', () => {
		const mine = summary([
			[alice, { from: 5, upTo: 1000 }],
			[bob, { from: 1, upTo: 3 }],
			[c.erin.peerId, { from: 1, upTo: 9 }]
		]);
		const answer = answerRelayRequest(
			[
				{ author: alice, from: 1, to: 520 },
				{ author: bob, from: 2, to: 9 },
				{ author: carol, from: 1, to: 5 },
				{ author: c.erin.peerId, from: 1, to: 5 }
			],
			mine,
			state
		);
		expect(answer.ranges).toEqual([
			{ author: alice, from: 1000 - RELAY_WINDOW_MESSAGES + 1, to: 520 },
			{ author: bob, from: 2, to: 3 }
		]);
		expect(answer.more).toBe(false);
	});
});
