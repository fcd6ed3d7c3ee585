import { getContext, setContext } from 'svelte';

// Which bubble of the open list is being edited, shared by the list's one menu (which starts an
// edit) and the bubbles (which show the editor): at most one at a time.
const EDITING = Symbol('bubble-editing');

export class BubbleEditing {
	/** The row key (threadRowKey) of the message being edited. */
	key = $state<string | null>(null);
}

export function provideBubbleEditing(): BubbleEditing {
	return setContext(EDITING, new BubbleEditing());
}

/** The list's editing state; a fresh one (nothing edited) outside a list. */
export function bubbleEditing(): BubbleEditing {
	return getContext<BubbleEditing | undefined>(EDITING) ?? new BubbleEditing();
}
