import { threadRowKey } from '$lib/db/queries';
import type { ThreadMessage } from '$lib/db/schema';
import type { RowHeights } from '$lib/history/row-heights';
import type { IndexedRows } from '$lib/history/row-index';
import { rowAt } from '$lib/history/windowing';

/** The row at the top of the viewport and where it was, as last seen. */
interface Anchor {
	key: string;
	/** Where its box's top was; its margin's top instead when `marginEdge` (an estimate, from the offsets). */
	top: number;
	scrollTop: number;
	marginEdge: boolean;
}

/** The top margin a day's first row carries its divider in (outside its box); 0 for other rows. */
function dayMargin(item: Element): number {
	return item.classList.contains('day-start') ? parseFloat(getComputedStyle(item).marginTop) || 0 : 0;
}

/** Whether the list's elements are `rows` (by count, and by the keys at both ends). */
export function holds(list: HTMLOListElement | undefined, rows: readonly ThreadMessage[]): boolean {
	if (!list) return true;
	const count = list.children.length;
	if (count !== rows.length) return false;
	if (count === 0) return true;
	const keyOf = (item: Element | null) => (item as HTMLElement | null)?.dataset['rowKey'];
	return keyOf(list.firstElementChild) === threadRowKey(rows[0]!) && keyOf(list.lastElementChild) === threadRowKey(rows[count - 1]!);
}

/**
 * What the message list reads from its rendered rows: their heights, and the row at the top of
 * the viewport (the anchor), so a re-render can put it back where it was.
 */
export class ListMeasure {
	/** The rows in the DOM, in order: `list.children[i]` is `rendered[i]` (see `holds`). */
	rendered: readonly ThreadMessage[] = [];
	/**
	 * Row objects measured at the current width, with whether they opened a day then (a divider
	 * changes the height; weak: rows let go are not kept alive by it).
	 */
	#measured = new WeakMap<ThreadMessage, boolean>();
	#rowGap = 0;
	#anchor: Anchor | null = null;

	constructor(private readonly view: { readonly heights: RowHeights; readonly offsets: ArrayLike<number>; readonly rows: IndexedRows }) {}

	/** The width changed: text re-wraps, so every row is measured again as it renders. */
	forgetHeights(): void {
		this.#measured = new WeakMap();
	}

	/**
	 * Measures the rendered rows not measured as they are: new rows and rows whose message
	 * changed (a tick, an edit: a new object). A bubble's height depends only on its message and
	 * the list's width, so one measurement per row object is enough until the width changes.
	 * True when a known height changed.
	 */
	measure(list: HTMLOListElement): boolean {
		const rendered = this.rendered;
		if (list.children.length !== rendered.length) return false;
		if (!this.#rowGap) this.#rowGap = parseFloat(getComputedStyle(list).rowGap) || 0;
		let changed = false;
		for (let i = 0; i < rendered.length; i++) {
			const row = rendered[i]!;
			const item = list.children[i]!;
			// A day's first row carries its divider in its top margin (outside the box).
			const opensDay = item.classList.contains('day-start');
			if (this.#measured.get(row) === opensDay) continue;
			this.#measured.set(row, opensDay);
			if (this.view.heights.set(threadRowKey(row), item.getBoundingClientRect().height + dayMargin(item) + this.#rowGap)) changed = true;
		}
		return changed;
	}

	/**
	 * Records which row is at the top of the viewport and where. Taken whenever the reader sees
	 * a settled layout (after each render and each scroll), so the next render, whatever caused
	 * it (a page arriving, the window moving, heights corrected), can put that row back. None
	 * while following the newest messages (`pinned`): the bottom is what stays then.
	 */
	recordAnchor({ list, scroller }: { list: HTMLOListElement | undefined; scroller: HTMLElement }, pinned: boolean): void {
		this.#anchor = null;
		if (!list || pinned) return;
		const items = list.children;
		const count = Math.min(items.length, this.rendered.length);
		const viewTop = scroller.getBoundingClientRect().top;
		// Rows are in vertical order: binary search for the first one reaching into the viewport.
		let low = 0;
		let high = count - 1;
		while (low < high) {
			const mid = (low + high) >> 1;
			if (items[mid]!.getBoundingClientRect().bottom > viewTop) high = mid;
			else low = mid + 1;
		}
		const item = items[low];
		const row = this.rendered[low];
		if (!item || !row) return;
		const box = item.getBoundingClientRect();
		const first = this.view.rows.get(threadRowKey(this.rendered[0]!)) ?? 0;
		// The top spacer is what the reader looks at: no rendered row is in view (a fling up past
		// the rendered rows), or the scroller is at its very top (the scrollbar dragged there),
		// where the first loaded row belongs. There the rows stand at their estimated heights, and
		// the window is about to render them. The row the estimates put at the top is the one to
		// keep, where they put it (its margin's top: offsets count a day's divider in the row):
		// heights measured as it renders then move the rows below it, not the one at the top.
		// (Keeping the first rendered row instead, below, let the rows rendered above it grow
		// upwards: at scrollTop 0 the oldest loaded message ended up above the top edge.) Anywhere
		// else a rendered row in view stays the anchor: it is what the reader sees.
		const overSpacer = low === 0 && first > 0 && box.top > viewTop && (box.top >= viewTop + scroller.clientHeight || scroller.scrollTop <= 0);
		if (overSpacer) {
			const listTop = list.getBoundingClientRect().top;
			const index = rowAt(this.view.offsets, viewTop - listTop);
			const key = this.view.rows.keys[index];
			if (key !== undefined) {
				this.#anchor = { key, top: listTop + (this.view.offsets[index] ?? 0), scrollTop: scroller.scrollTop, marginEdge: true };
				return;
			}
		}
		this.#anchor = { key: threadRowKey(row), top: box.top, scrollTop: scroller.scrollTop, marginEdge: false };
	}

	/** Puts the anchor row back where it was seen. */
	restoreAnchor(scroller: HTMLElement, itemOf: (key: string) => Element | undefined): void {
		const anchor = this.#anchor;
		if (!anchor) return;
		const item = itemOf(anchor.key);
		// How far the row moved in the content; a scroll the reader made since the anchor was
		// taken (its event not handled yet) is theirs to keep, not undone.
		const top = item ? item.getBoundingClientRect().top - (anchor.marginEdge ? dayMargin(item) : 0) : 0;
		const delta = item ? top + scroller.scrollTop - (anchor.top + anchor.scrollTop) : 0;
		if (Math.abs(delta) >= 0.5) scroller.scrollTop += delta;
	}
}
