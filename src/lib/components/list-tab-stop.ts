// The message list is one tab stop (roving tabindex): the bubble last focused (or, before any,
// the newest rendered) has tabindex 0, every other -1. The controls inside a bubble (its actions
// button, a quote, links) are tabbable only in that bubble, so Tab from it reaches them and
// then leaves the list instead of walking every bubble's buttons; while the focus is outside the
// list they are not tabbable at all, so Shift+Tab into the list lands on the bubble itself.

const INNER = 'a[href], button';

function setInner(item: HTMLElement, index: number): void {
	for (const control of item.querySelectorAll<HTMLElement>(INNER)) control.tabIndex = index;
}

export class ListTabStop {
	#item: HTMLElement | null = null;
	/** The row (threadRowKey) holding the stop; null: the newest rendered. */
	#key: string | null = null;

	/** Makes `item` the list's tab stop (it, or a control in it, was focused). */
	take(item: HTMLElement): void {
		this.#key = item.dataset['rowKey'] ?? null;
		this.#move(item);
		setInner(item, 0);
	}

	/** The focus left the list. */
	leave(): void {
		if (this.#item) setInner(this.#item, -1);
	}

	/** Tab is leaving the bubble into its controls: those that rendered since it took the stop too. */
	enter(item: HTMLElement): void {
		if (item === this.#item) setInner(item, 0);
	}

	/** After a render: the stop stays with its row when rendered, else the newest rendered row holds it. */
	sync(list: HTMLElement, itemOf: (key: string) => Element | undefined): void {
		const own = this.#key ? itemOf(this.#key) : undefined;
		const item = own ?? list.lastElementChild;
		if (item instanceof HTMLElement && (item !== this.#item || item.tabIndex !== 0)) this.#move(item);
	}

	#move(item: HTMLElement): void {
		if (this.#item && this.#item !== item) {
			this.#item.tabIndex = -1;
			setInner(this.#item, -1);
		}
		this.#item = item;
		item.tabIndex = 0;
	}
}
