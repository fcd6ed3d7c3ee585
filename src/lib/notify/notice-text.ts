import { cleanName } from '../text/clean-name';

/**
 * A message's text in a system notification: it comes from a peer, so it is made one plain line
 * (no controls, bidi overrides or invisible characters, whitespace collapsed: clean-name.ts) and
 * cut short. The Notification API shows `body` as text, never as HTML; this keeps it short enough
 * that a lock screen shows little and a huge message costs nothing to prepare.
 */
export const MAX_NOTICE_TEXT_UNITS = 120;
/** Only this much of a message is looked at: enough to fill the notice after cleaning. */
const MAX_SCANNED_UNITS = MAX_NOTICE_TEXT_UNITS * 8;
const ELLIPSIS = '…';

export function noticeText(text: string): string {
	const cleaned = cleanName(text.slice(0, MAX_SCANNED_UNITS), MAX_NOTICE_TEXT_UNITS + 1);
	if (cleaned.length <= MAX_NOTICE_TEXT_UNITS) return cleaned;
	return cleanName(cleaned, MAX_NOTICE_TEXT_UNITS - ELLIPSIS.length) + ELLIPSIS;
}

/** What one notification says: who (or that it is a request), how many, and the newest text. */
export interface Notice {
	/** One notification per tag: a later one with the same tag replaces it. */
	tag: string;
	kind: 'message' | 'request';
	/** The conversation a click opens (null for the notice about several requests). */
	peerId: string | null;
	/** For a message, the contact's shown name (already cleaned). */
	name: string;
	/** Messages not read yet in the conversation, or requests waiting. */
	count: number;
	/** The newest message's text as received; shown only when the user chose so. */
	newestText: string;
}

export function noticeTitle(notice: Notice): string {
	if (notice.kind === 'request') return notice.count > 1 ? `${notice.count} new message requests` : 'New message request';
	return notice.name;
}

/**
 * The body. Message text only when `showText` (off by default: see docs/SECURITY.md); a request's
 * text never, whatever the setting: a stranger's words do not reach the lock screen.
 */
export function noticeBody(notice: Notice, showText: boolean): string {
	if (notice.kind === 'request') return 'Someone who is not in your contacts wrote to you. Open Parley to accept, ignore or block.';
	const count = notice.count > 1 ? `${notice.count} new messages` : 'New message';
	const text = showText ? noticeText(notice.newestText) : '';
	if (!text) return count;
	return notice.count > 1 ? `${count}: ${text}` : text;
}
