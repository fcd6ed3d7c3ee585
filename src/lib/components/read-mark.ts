import { getContext, setContext } from 'svelte';

// The open thread's read mark, shared with its bubbles without passing it through the list:
// an outgoing message that is sent and at or below the mark shows as read.
const READ_MARK = Symbol('read-mark');

export function provideReadMark(mark: () => number): void {
	setContext(READ_MARK, mark);
}

/** The mark of the enclosing thread; 0 (nothing read) outside one. */
export function readMark(): () => number {
	return getContext<(() => number) | undefined>(READ_MARK) ?? (() => 0);
}
