import type { ThreadMessage } from '$lib/db/schema';
import { afterScroll } from '$lib/history/following';
import { covers, windowAround, windowAt } from '$lib/history/windowing';
import type { ScrollTarget } from '$lib/state/thread-history.svelte';
import type { ThreadState } from '$lib/state/thread-state.svelte';
import { holds, ListMeasure } from './list-measure';
import { LIST_LIMITS, type ListWindow } from './message-list-window.svelte';

/** Older (or newer) history loads when the viewport gets within this many screens of the loaded edge. */
const LOAD_AHEAD_SCREENS = 2;
/** A jump target lands this far below the top edge. */
const TARGET_MARGIN_PX = 12;
const HIGHLIGHT_MS = 2000;

/** The list's elements, once mounted. */
export interface ListElements {
	readonly scroller: HTMLDivElement;
	readonly list: HTMLOListElement | undefined;
}

/** What the layout reads from the list component: getters, current at each read. */
export interface ListHost extends ListElements {
	readonly thread: ThreadState;
}

/**
 * Where the message list is scrolled and why: following the newest messages, a jump target, or
 * the row the reader was looking at, kept in place across every re-render. Runs after each render
 * (`rendered`), each scroll event and each resize; the rows come from the ListWindow.
 */
export class ListLayout {
	/** Far from the newest: arrivals stay unread and "Jump to latest" shows. */
	away = $state(false);
	/** Bumped to re-run positioning when a target needs no re-render. */
	positionRequest = $state(0);

	/** Following the newest messages: at the bottom of the tail. */
	#pinned = true;
	/** Where following last put the scroll position (see afterScroll). */
	#followedTo = 0;
	#pendingTarget: ScrollTarget | null = null;
	/** Layout work is waiting for the next frame or the next render (see `rendered`). */
	#settleQueued = false;
	readonly #measure: ListMeasure;

	constructor(
		private readonly elements: ListHost,
		private readonly view: ListWindow
	) {
		this.#measure = new ListMeasure(view);
	}

	get pinned(): boolean {
		return this.#pinned;
	}

	/** The rendered element of a loaded row, by threadRowKey. */
	itemOf = (key: string): Element | undefined => {
		const index = this.view.rows.get(key);
		const { list } = this.elements;
		return index === undefined || !list ? undefined : list.children[index - this.view.range.start];
	};

	/**
	 * After the rendered rows changed. While following the newest messages, layout work runs from
	 * the next animation frame, not in the task that rendered: reading sizes forces a layout, and
	 * doing it in the frame (before its paint) costs one layout per frame instead of one per
	 * render, and keeps it off the message path (the task that stored a message, and on the
	 * sender the one that sends it). A burst rendered from a frame callback is scrolled into view
	 * one frame later. Otherwise (a page, the window, a target moved rows above the reader) it is
	 * put right at once, before any frame can paint it out of place.
	 */
	rendered(rows: readonly ThreadMessage[], settle: () => void): void {
		this.#measure.rendered = rows;
		// A pre effect's writes (the scroll target's window) reach the DOM in a follow-up flush
		// that Svelte runs after the effect calling this: settle once the rows are there, or the
		// target is looked up among the old window's elements.
		if (!holds(this.elements.list, rows)) {
			queueMicrotask(settle);
			return;
		}
		if (!this.#pinned || this.#pendingTarget) {
			settle();
			return;
		}
		if (this.#settleQueued) return;
		this.#settleQueued = true;
		requestAnimationFrame(settle);
	}

	/**
	 * Measure the new rows, put the reader back where they were (or on the target, or at the
	 * bottom); the caller then sees whether the window or a page load must follow. False when
	 * the list is not (or not yet) showing its rows.
	 */
	settle(): boolean {
		this.#settleQueued = false;
		const { list, scroller } = this.elements;
		if (!list || !scroller.isConnected || !holds(list, this.#measure.rendered)) return false;
		if (this.#measure.measure(list)) this.view.heightsVersion++;
		this.#position();
		return true;
	}

	/** After layout settled or the reader scrolled: keep the anchor, move the window, load pages. */
	afterLayout(): void {
		this.#measure.recordAnchor(this.elements, this.#pinned);
		this.#refreshWindow();
		this.#checkLoads();
	}

	onScroll = (): void => {
		// A scroll event can still reach the element after its list closed (another conversation
		// opened: the shrinking content clamps scrollTop) and bind:this has let go of it.
		const scroller = this.elements.scroller as HTMLDivElement | null;
		if (!scroller?.isConnected) return;
		this.#follow();
		// A render not settled yet may have moved rows: its anchor (taken before it) must stay.
		if (this.#settleQueued) return;
		this.afterLayout();
	};

	/** The scroller changed size: a new width re-wraps text (every row measured again as it renders). */
	resized(widthChanged: boolean): void {
		const { list, scroller } = this.elements;
		this.view.viewHeight = scroller.clientHeight;
		if (widthChanged) this.#measure.forgetHeights();
		if (list && this.#measure.measure(list)) this.view.heightsVersion++;
		if (this.#pinned) this.#toBottom();
		this.#measure.recordAnchor(this.elements, this.#pinned);
		this.#refreshWindow();
	}

	/** A jump (date, message, latest) whose rows are loaded: render around it, then scroll to it. */
	target(target: ScrollTarget, index: number | undefined): void {
		this.#pendingTarget = target;
		if (index === undefined) {
			this.#pinned = true;
			this.away = false;
			this.view.rangeKey = null;
		} else {
			this.#pinned = false;
			this.away = true;
			this.view.rangeKey = this.view.keysOf(windowAt(index, this.view.messages.length, Math.floor(LIST_LIMITS.minRows / 3), LIST_LIMITS));
		}
		this.positionRequest++;
	}

	/** After a render: the target if one is pending, else the bottom when following, else the anchor where it was. */
	#position(): void {
		const target = this.#pendingTarget;
		this.#pendingTarget = null;
		const { scroller } = this.elements;
		if (target?.kind === 'message') {
			const index = this.view.indexOfMessage(target.id);
			const item = index === undefined ? undefined : this.itemOf(this.view.rows.keys[index]!);
			if (item) {
				const box = item.getBoundingClientRect();
				const view = scroller.getBoundingClientRect();
				const want = target.align === 'start' ? TARGET_MARGIN_PX : (scroller.clientHeight - box.height) / 2;
				scroller.scrollTop += box.top - view.top - want;
				if (target.highlight) highlight(item);
				if (target.focus) (item as HTMLElement).focus({ preventScroll: true });
			}
			// No scroll event follows when the target needed no scroll: see here what is below.
			this.#follow();
		} else if (target?.kind === 'latest' || this.#pinned) {
			this.#toBottom();
		} else {
			this.#measure.restoreAnchor(scroller, this.itemOf);
		}
	}

	#toBottom(): void {
		const { scroller } = this.elements;
		scroller.scrollTop = scroller.scrollHeight;
		this.#followedTo = scroller.scrollTop;
	}

	/** Moves the rendered window when the viewport nears its edge; re-centred, so this happens in batches. */
	#refreshWindow(): void {
		const { list, scroller } = this.elements;
		if (!list || this.#pinned) return;
		const top = scroller.scrollTop - listTop(this.elements);
		const height = scroller.clientHeight;
		const { view } = this;
		if (covers(view.range, view.offsets, top, height, height)) return;
		const next = view.keysOf(windowAround(view.offsets, top, height, LIST_LIMITS));
		if (next && (next.first !== view.rangeKey?.first || next.last !== view.rangeKey?.last)) view.rangeKey = next;
	}

	#checkLoads(): void {
		const { thread, scroller } = this.elements;
		if (!thread.ready || thread.loading || this.view.messages.length === 0) return;
		const ahead = scroller.clientHeight * LOAD_AHEAD_SCREENS;
		if (thread.hasOlder && scroller.scrollTop < ahead) void thread.loadOlder();
		else if (thread.hasNewer && scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < ahead) void thread.loadNewer();
	}

	/** Following or not, and whether anything is below the viewport ("Jump to latest"), from where the reader is. */
	#follow(): void {
		const { scroller } = this.elements;
		const { view } = this;
		const fromBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
		const next = afterScroll(this.#pinned, { attached: this.elements.thread.attached, scrollTop: scroller.scrollTop, fromBottom, followedTo: this.#followedTo });
		this.#pinned = next.pinned;
		this.away = next.away;
		if (this.#pinned) {
			// Back at the newest row: follow again with the tail window.
			if (view.rangeKey && view.range.end === view.messages.length) view.rangeKey = null;
		} else if (!view.rangeKey) {
			// Leaving the bottom: freeze the window by key, so arrivals do not shift it.
			view.rangeKey = view.keysOf(view.range);
		}
	}
}

/** The list's own coordinates: offsets[i] is row i's distance from the top of the <ol>. */
function listTop({ list, scroller }: ListElements): number {
	return list ? list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop : 0;
}

function highlight(item: Element): void {
	item.setAttribute('data-highlight', '');
	setTimeout(() => item.removeAttribute('data-highlight'), HIGHLIGHT_MS);
}
