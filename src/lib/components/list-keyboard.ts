import { threadRowKey } from '$lib/db/queries';
import type { ThreadMessage } from '$lib/db/schema';
import { isListKey, movedFocus } from '$lib/history/list-keys';
import type { ThreadState } from '$lib/state/thread-state.svelte';
import { bubbleOf } from './list-gestures';
import type { ListTabStop } from './list-tab-stop';
import type { RowLookup } from '$lib/history/row-index';

/** What the key handler reads from the list, current at each key press. */
export interface KeyboardList {
	readonly thread: ThreadState;
	readonly messages: readonly ThreadMessage[];
	readonly offsets: ArrayLike<number>;
	readonly indexOf: RowLookup;
	readonly viewHeight: number;
	readonly tabStop: ListTabStop;
	/** The list's gesture keys (the menu's shortcuts); true when one handled the event. */
	gesture(event: KeyboardEvent): boolean;
	/** The rendered element of a row, by threadRowKey. */
	itemOf(key: string): Element | undefined;
}

/**
 * The message list's keydown handler: arrow keys, Home/End and PageUp/PageDown move the focus
 * between bubbles (see list-keys), rendering around a row outside the window first; Tab from a
 * bubble lets its controls take part.
 */
export function listKeydown(list: () => KeyboardList): (event: KeyboardEvent) => void {
	return (event) => {
		const current = list();
		if (current.gesture(event)) return;
		const { thread, messages, offsets, indexOf, viewHeight, tabStop } = current;
		const item = bubbleOf(event.target);
		if (!item || event.target !== item || event.altKey || event.ctrlKey || event.metaKey) return;
		if (event.key === 'Tab' && !event.shiftKey) tabStop.enter(item);
		const at = indexOf.get(item.dataset['rowKey'] ?? '');
		if (!isListKey(event.key) || at === undefined) return;
		event.preventDefault();
		const next = movedFocus(event.key, at, messages.length, offsets, viewHeight);
		if (next === at) {
			// At the top of what is loaded: the next Up finds older rows.
			if (at === 0 && thread.hasOlder) void thread.loadOlder();
			return;
		}
		const row = messages[next]!;
		const target = current.itemOf(threadRowKey(row));
		if (target instanceof HTMLElement) {
			target.focus({ preventScroll: true });
			target.scrollIntoView({ block: 'nearest' });
		} else {
			// Outside the rendered rows: render around it, then focus it.
			thread.target = { kind: 'message', id: row.id, align: 'start', highlight: false, focus: true };
		}
	};
}
