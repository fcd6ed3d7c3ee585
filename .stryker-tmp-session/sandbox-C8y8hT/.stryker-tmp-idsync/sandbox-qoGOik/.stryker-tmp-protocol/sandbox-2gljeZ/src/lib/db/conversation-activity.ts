// @ts-nocheck
// 
// 
import type { UserRow } from './schema';

const PREVIEW_CHARS = 120;

/** The contact-row fields every new message updates (conversation order and preview). */
export function activity(time: number, text: string, outgoing: boolean): Pick<UserRow, 'lastActivity' | 'preview'> {
	return { lastActivity: time, preview: { text: text.slice(0, PREVIEW_CHARS), outgoing } };
}
