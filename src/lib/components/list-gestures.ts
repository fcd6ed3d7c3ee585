// The message list's pointer and key handlers for message menus, on the `ol` for all its
// bubbles (delegated): a bubble creates no handlers of its own, which kept each new message's
// render cheap. The bubble of an event is the `li[data-row-key]` it happened in.

/** Long press on touch opens the menu (no hover there). */
const LONG_PRESS_MS = 500;
const LONG_PRESS_SLOP_PX = 10;

export interface GestureHost {
	/** Opens the menu of this bubble. */
	open(item: HTMLElement): void;
	/** The bubble is being edited, or a menu is open: its gestures are the editor's or the menu's. */
	busy(item: HTMLElement): boolean;
}

export function bubbleOf(target: EventTarget | null): HTMLElement | null {
	return target instanceof Element ? target.closest<HTMLElement>('li[data-row-key]') : null;
}

export function listGestures(host: GestureHost) {
	let press: { timer: ReturnType<typeof setTimeout>; x: number; y: number } | null = null;

	function endPress(): void {
		if (press) clearTimeout(press.timer);
		press = null;
	}

	return {
		/** The bubble's actions button. */
		onclick(event: MouseEvent): void {
			const button = event.target instanceof Element ? event.target.closest('button.more') : null;
			const item = bubbleOf(button);
			if (item) host.open(item);
		},
		/** The context-menu key, Shift+F10, or "." on the focused message (or its button) open its menu. */
		onkeydown(event: KeyboardEvent): boolean {
			const item = bubbleOf(event.target);
			if (!item || host.busy(item) || event.target instanceof HTMLTextAreaElement) return false;
			const onRow = event.target === item || (event.target as Element).classList.contains('more');
			if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10') || (event.key === '.' && onRow)) {
				event.preventDefault();
				host.open(item);
				return true;
			}
			return false;
		},
		// A right click (or the browser's own long-press menu) opens ours, except on a link.
		oncontextmenu(event: MouseEvent): void {
			const item = bubbleOf(event.target);
			if (!item || host.busy(item) || (event.target as Element).closest('a')) return;
			event.preventDefault();
			host.open(item);
		},
		onpointerdown(event: PointerEvent): void {
			const item = bubbleOf(event.target);
			if (event.pointerType !== 'touch' || !item || host.busy(item)) return;
			endPress();
			press = { timer: setTimeout(() => host.open(item), LONG_PRESS_MS), x: event.clientX, y: event.clientY };
		},
		onpointermove(event: PointerEvent): void {
			if (press && Math.hypot(event.clientX - press.x, event.clientY - press.y) > LONG_PRESS_SLOP_PX) endPress();
		},
		onpointerup: endPress,
		onpointercancel: endPress
	};
}
