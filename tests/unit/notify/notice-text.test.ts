import { describe, expect, it } from 'vitest';
import { MAX_NOTICE_TEXT_UNITS, noticeBody, noticeText, noticeTitle, type Notice } from '../../../src/lib/notify/notice-text';

const notice = (extra: Partial<Notice> = {}): Notice => ({ tag: 'p1', kind: 'message', peerId: 'p1', name: 'Alice', count: 1, newestText: 'see you at 8', ...extra });

describe('notice text', () => {
	it('message text is left out unless the user chose to show it', () => {
		expect(noticeBody(notice(), false)).toBe('New message');
		expect(noticeBody(notice(), true)).toBe('see you at 8');
		expect(noticeBody(notice({ count: 3 }), false)).toBe('3 new messages');
		expect(noticeBody(notice({ count: 3 }), true)).toBe('3 new messages: see you at 8');
	});

	it('a request never shows a stranger’s words or name, even with text on', () => {
		const request = notice({ kind: 'request', name: '', newestText: 'click evil.example' });
		expect(noticeBody(request, true)).not.toContain('evil');
		expect(noticeTitle(request)).toBe('New message request');
		expect(noticeTitle({ ...request, count: 4 })).toBe('4 new message requests');
	});

	it('hostile text is one bounded plain line: no controls, bidi overrides or line breaks', () => {
		const hostile = `\u202Egnp.exe\u202C line one\n\n\u0000line two\u200B ${'x'.repeat(100_000)}`;
		const shown = noticeText(hostile);
		expect(shown.length).toBeLessThanOrEqual(MAX_NOTICE_TEXT_UNITS);
		expect(shown.endsWith('…')).toBe(true);
		expect(shown).not.toMatch(/[\p{Cc}\p{Cf}]/u);
		expect(shown.startsWith('gnp.exe line one line two x')).toBe(true);
	});

	it('short text is kept whole, markup stays literal text, and nothing visible left means no text', () => {
		expect(noticeText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
		expect(noticeText('a'.repeat(MAX_NOTICE_TEXT_UNITS))).toHaveLength(MAX_NOTICE_TEXT_UNITS);
		expect(noticeBody(notice({ newestText: '\u200B\u202E' }), true)).toBe('New message');
	});
});
