import { createSubscriber } from 'svelte/reactivity';

const subscribe = createSubscriber((update) => {
	document.addEventListener('visibilitychange', update);
	return () => document.removeEventListener('visibilitychange', update);
});

/**
 * Whether the page is visible, as state an effect re-runs on: coming back to a tab marks the
 * open conversation read (and so clears its notification, title count and badge) without
 * waiting for the next message.
 */
export const pageVisibility = {
	get visible(): boolean {
		subscribe();
		return document.visibilityState === 'visible';
	}
};
