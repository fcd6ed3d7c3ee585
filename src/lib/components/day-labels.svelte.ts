import { untrack } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { threadRowKey } from '$lib/db/queries';
import type { ThreadMessage } from '$lib/db/schema';
import { dayLabel, localDay, untilNextDay } from '$lib/history/day-divider';
import type { RowLookup } from '$lib/history/row-index';

/** What the list renders, as the day dividers need it: getters, read when the labels are worked out. */
export interface RenderedRows {
	/** Everything loaded, oldest first. */
	readonly messages: readonly ThreadMessage[];
	/** The rendered rows: `messages.slice(start, start + visible.length)`. */
	readonly visible: readonly ThreadMessage[];
	readonly start: number;
	/** Older history exists but is not loaded. */
	readonly hasOlder: boolean;
	/** Index in `messages` by threadRowKey. */
	readonly indexOf: RowLookup;
}

/**
 * The divider label of each rendered row that opens a local day, by threadRowKey. The first
 * loaded row opens one only when nothing older exists: with older history unloaded, its day may
 * have begun there (loading it moves the divider up; the row is measured again). Call during a
 * component's setup: it owns the effects that keep the labels current, including at midnight.
 */
export function dayLabels(rows: RenderedRows): ReadonlyMap<string, string> {
	/** Each row's local day, worked out once per row object (every arrival re-derives the labels). */
	const dayNumbers = new WeakMap<ThreadMessage, number>();
	const dayOf = (message: ThreadMessage): number => {
		let day = dayNumbers.get(message);
		if (day === undefined) dayNumbers.set(message, (day = localDay(message.time)));
		return day;
	};
	/** Local midnight ticks this over, so "Today" becomes "Yesterday" on screen. */
	let now = $state(Date.now());
	const labels = new SvelteMap<string, string>();

	// Worked out before each render, written only where a label changed: a bubble reads its own
	// entry, so an arrival re-runs no other bubble (a derived array of labels read by every
	// bubble had cost each arrival a pass over all rendered bubbles: ~3 ms on B under load).
	$effect.pre(() => {
		// Re-run for these only: an arrival while the reader is scrolled back changes `messages`
		// but not the rendered rows, and needs no pass.
		const { visible, start, hasOlder } = rows;
		const today = now;
		untrack(() => {
			const { messages, indexOf } = rows;
			for (const [i, message] of visible.entries()) {
				const previous = messages[start + i - 1];
				const opens = previous ? dayOf(previous) !== dayOf(message) : !hasOlder;
				const key = threadRowKey(message);
				if (opens) {
					const label = dayLabel(message.time, today);
					if (labels.get(key) !== label) labels.set(key, label);
				} else if (labels.has(key)) {
					labels.delete(key);
				}
			}
			// Only rows opening a day are kept: few, so this pass is short.
			for (const key of labels.keys()) {
				const index = indexOf.get(key);
				if (index === undefined || index < start || index >= start + visible.length) labels.delete(key);
			}
		});
	});

	// At local midnight the labels move on a day.
	$effect(() => {
		const timer = setTimeout(() => (now = Date.now()), untilNextDay(now) + 1000);
		return () => clearTimeout(timer);
	});

	return labels;
}
