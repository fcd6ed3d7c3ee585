import { threadRowKey } from '$lib/db/queries';
import type { ThreadMessage } from '$lib/db/schema';
import { RowHeights } from '$lib/history/row-heights';
import { RowIndex, type IndexedRows } from '$lib/history/row-index';
import { followingLimits, followingWindow, type RowRange, type WindowLimits } from '$lib/history/windowing';

/** Rendered rows: at least MIN (the first screen and some context), at most MAX (the DOM bound). */
export const LIST_LIMITS: WindowLimits = { minRows: 100, maxRows: 150 };
/** Height assumed for a row never rendered, until some rows have been measured. */
const ESTIMATED_ROW_PX = 56;

/** The first and last rendered rows by threadRowKey. */
export type RangeKey = { first: string; last: string };

/**
 * Which loaded rows the message list renders, and where they sit: the reactive half of the list's
 * windowing (history/windowing.ts decides, the layout measures). Rows are known by threadRowKey
 * (direction and id): stored data with one id both ways must not break the list; message ids
 * alone (search, jumps) find the first row with that id.
 */
export class ListWindow {
	/** Measured heights: a plain cache; `heightsVersion` tells the offsets when it changed. */
	readonly heights = new RowHeights(ESTIMATED_ROW_PX);
	heightsVersion = $state(0);
	/** The scroller's height (the window's until it is measured): sizes the following window. */
	viewHeight = $state(typeof window === 'undefined' ? 0 : window.innerHeight);
	/**
	 * The rendered rows by first and last key, not index, so loading or dropping pages elsewhere
	 * leaves them alone. Null: the newest rows, following new messages.
	 */
	rangeKey = $state.raw<RangeKey | null>(null);

	readonly #source: () => readonly ThreadMessage[];
	/** Kept from one version of the rows to the next (row-index.ts): an arrival costs its row. */
	readonly #rowIndex = new RowIndex<ThreadMessage>(threadRowKey);
	/** While following (no rangeKey): the top rendered row, written by `range` itself, not reactive. */
	#tailTop: string | undefined;

	readonly messages: readonly ThreadMessage[] = $derived(this.#read());
	/** The loaded rows' keys, and the index in `messages` by key. */
	readonly rows: IndexedRows = $derived(this.#rowIndex.index(this.messages));
	readonly offsets: Float64Array = $derived.by(() => {
		void this.rows;
		return this.#rowIndex.offsets(this.heights, this.heightsVersion);
	});
	/** While following the newest rows, fewer of them: two screens' worth (followingLimits). */
	readonly followLimits: WindowLimits = $derived(followingLimits(this.viewHeight, LIST_LIMITS));
	readonly range: RowRange = $derived.by(() => this.#range());
	readonly visible: readonly ThreadMessage[] = $derived(this.messages.slice(this.range.start, this.range.end));
	// Spacers stand in for the rows not rendered, so the scrollbar spans the whole loaded history.
	readonly padTop: number = $derived(this.offsets[this.range.start] ?? 0);
	readonly padBottom: number = $derived((this.offsets[this.messages.length] ?? 0) - (this.offsets[this.range.end] ?? 0));

	constructor(source: () => readonly ThreadMessage[]) {
		this.#source = source;
	}

	#read(): readonly ThreadMessage[] {
		return this.#source();
	}

	#range(): RowRange {
		const key = this.rangeKey;
		if (key) {
			const start = this.rows.get(key.first);
			const last = this.rows.get(key.last);
			if (start !== undefined && last !== undefined && last >= start) return { start, end: Math.min(last + 1, start + LIST_LIMITS.maxRows) };
		}
		// Following: the top row stays until the window is full (followingWindow), so an arrival
		// only appends a bubble. Kept by key: pages loading or the tail compacting shift indexes.
		const previous = this.#tailTop === undefined ? undefined : this.rows.get(this.#tailTop);
		// Opening (no top row yet): a full window, so the first screen has the usual context.
		const next = followingWindow(this.messages.length, previous, this.followLimits, LIST_LIMITS);
		const top = this.messages[next.start];
		this.#tailTop = top ? threadRowKey(top) : undefined;
		return next;
	}

	/** A range of loaded rows by the keys of its ends (null for an empty one). */
	keysOf(range: RowRange): RangeKey | null {
		const first = this.messages[range.start];
		const last = this.messages[range.end - 1];
		return first && last ? { first: threadRowKey(first), last: threadRowKey(last) } : null;
	}

	/** The index of the first loaded row with message id `id`. */
	indexOfMessage(id: string): number | undefined {
		const index = this.messages.findIndex((message) => message.id === id);
		return index < 0 ? undefined : index;
	}

	/** A loaded row by its key. */
	find(key: string): ThreadMessage | undefined {
		const index = this.rows.get(key);
		return index === undefined ? undefined : this.messages[index];
	}
}
