import { getContext, setContext } from 'svelte';
import type { DeliveryCount } from '$lib/history/system-lines';
import type { MessageId } from '$lib/ids/message-id';

/**
 * What a bubble in a group thread needs beyond its row, shared through context like the read
 * mark: a direct thread provides none, so its bubbles pay one context lookup and nothing else.
 */
export interface GroupView {
	nameOf(peer: string): string;
	/** This device's peer id ("You" in system lines). */
	readonly self: string | undefined;
	/** The row opens a run of one author's bubbles: show the author's name and avatar. */
	opensRun(id: string): boolean;
	countOf(id: MessageId): DeliveryCount | undefined;
	/** Opens message info (each member's copy) for one of our messages. */
	openInfo(id: MessageId): void;
}

const GROUP_VIEW = Symbol('group-view');

export function provideGroupView(view: GroupView): void {
	setContext(GROUP_VIEW, view);
}

export function groupView(): GroupView | undefined {
	return getContext<GroupView | undefined>(GROUP_VIEW);
}
