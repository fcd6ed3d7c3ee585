import type { PeerId } from '../ids/peer-id';
import { MAX_RELAY_BATCH_MESSAGES, MAX_RELAY_RANGES, MAX_SUMMARY_AUTHORS, RELAY_WINDOW_MESSAGES } from './group-limits';
import type { GroupState } from './membership';

/** The contiguous run of one author's seqs a member holds in a group. */
export interface HeldRun {
	readonly from: number;
	readonly upTo: number;
}

/** Per author, the run held: what a `gsum` frame carries. */
export type RelaySummary = ReadonlyMap<PeerId, HeldRun>;

export interface SeqRange {
	readonly author: PeerId;
	readonly from: number;
	readonly to: number;
}

/** A bounded batch of ranges; `more` when something was left out for the next round. */
export interface RelayBatch {
	readonly ranges: readonly SeqRange[];
	readonly more: boolean;
}

/**
 * The run that starts at the lowest seq held and goes up without a gap. Anything above a gap is
 * held but not claimed, so a peer offers it again (the receiver drops it as a duplicate by id):
 * a summary stays two numbers per author whatever the gaps.
 */
export function heldRun(seqs: Iterable<number>): HeldRun | null {
	const sorted = [...new Set(seqs)].filter((seq) => Number.isSafeInteger(seq) && seq >= 1).sort((a, b) => a - b);
	if (sorted.length === 0) return null;
	const from = sorted[0]!;
	let upTo = from;
	for (const seq of sorted) {
		if (seq > upTo + 1) break;
		upTo = seq;
	}
	return { from, upTo };
}

/**
 * My summary for one group: authors who are or were members by my state (current members first,
 * then departed ones; by id within each), at most MAX_SUMMARY_AUTHORS.
 */
export function summarize(state: GroupState, held: ReadonlyMap<PeerId, Iterable<number>>): RelaySummary {
	const ordered = [...[...state.members.keys()].sort(), ...[...state.departed].sort()];
	const out = new Map<PeerId, HeldRun>();
	for (const author of ordered) {
		if (out.size >= MAX_SUMMARY_AUTHORS) break;
		const run = heldRun(held.get(author) ?? []);
		if (run) out.set(author, run);
	}
	return out;
}

/**
 * What a peer lacks that I can send (`offer`) and what I lack that they can send (`ask`), from
 * the two summaries. Only the newest RELAY_WINDOW_MESSAGES of an author are ever relayed, only
 * authors my state knows count (a summary naming strangers gets nothing for them), and each side
 * is cut to one batch: MAX_RELAY_RANGES ranges, MAX_RELAY_BATCH_MESSAGES messages.
 */
export function planRelay(mine: RelaySummary, theirs: RelaySummary, state: GroupState): { offer: RelayBatch; ask: RelayBatch } {
	const known = (author: PeerId) => state.members.has(author) || state.departed.has(author);
	return { offer: lacking(mine, theirs, known), ask: lacking(theirs, mine, known) };
}

/**
 * The part of a relay request I can answer: each range clamped to the run I hold and to the
 * window, for authors my state knows, bounded like any batch (a request is checked by its
 * schema, but the answer is bounded here too).
 */
export function answerRelayRequest(request: readonly SeqRange[], mine: RelaySummary, state: GroupState): RelayBatch {
	const wanted: SeqRange[] = [];
	for (const range of request) {
		const run = mine.get(range.author);
		if (!run || !(state.members.has(range.author) || state.departed.has(range.author))) continue;
		const from = Math.max(range.from, windowStart(run));
		const to = Math.min(range.to, run.upTo);
		if (from <= to) wanted.push({ author: range.author, from, to });
	}
	return bound(wanted);
}

/** Ranges `holder` can give `other`. */
function lacking(holder: RelaySummary, other: RelaySummary, known: (author: PeerId) => boolean): RelayBatch {
	const wanted: SeqRange[] = [];
	for (const author of [...holder.keys()].sort()) {
		const run = holder.get(author)!;
		if (!known(author)) continue;
		const from = Math.max((other.get(author)?.upTo ?? 0) + 1, windowStart(run));
		if (from <= run.upTo) wanted.push({ author, from, to: run.upTo });
	}
	return bound(wanted);
}

function windowStart(run: HeldRun): number {
	return Math.max(run.from, run.upTo - RELAY_WINDOW_MESSAGES + 1);
}

/** Oldest seqs first within each range, so what arrives keeps each author's order with no gap. */
function bound(wanted: readonly SeqRange[]): RelayBatch {
	const ranges: SeqRange[] = [];
	let budget = MAX_RELAY_BATCH_MESSAGES;
	let more = false;
	for (const range of wanted) {
		if (budget === 0 || ranges.length === MAX_RELAY_RANGES) {
			more = true;
			break;
		}
		const to = Math.min(range.to, range.from + budget - 1);
		if (to < range.to) more = true;
		ranges.push({ author: range.author, from: range.from, to });
		budget -= to - range.from + 1;
	}
	return { ranges, more };
}
