import { titleWithUnread } from '../notify/unread-total';

let shownTotal = -1;

/**
 * Shows the unread total in the tab title ("(3) Parley") and on the installed app's icon
 * (Badging API, where the browser has it; elsewhere the calls are absent or do nothing).
 */
export function showUnread(total: number): void {
	if (total === shownTotal) return;
	shownTotal = total;
	document.title = titleWithUnread(total);
	if (!('setAppBadge' in navigator)) return;
	const done = total > 0 ? navigator.setAppBadge(total) : navigator.clearAppBadge();
	// Rejected when the app is not installed or the user turned badges off: nothing to do.
	done.catch(() => undefined);
}
