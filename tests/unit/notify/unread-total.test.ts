import { describe, expect, it } from 'vitest';
import { titleWithUnread, unreadTotal, type CountedChat } from '../../../src/lib/notify/unread-total';

const chat = (unread: number, extra: Partial<CountedChat['user']> = {}): CountedChat => ({ user: { state: 'contact', ...extra }, unread });

describe('unread total', () => {
	it('adds the contacts’ unread messages', () => {
		expect(unreadTotal([chat(2), chat(1), chat(0)])).toBe(3);
	});

	it('a muted chat is not counted', () => {
		expect(unreadTotal([chat(2), chat(7, { muted: true })])).toBe(2);
	});

	it('ignored and blocked people are not counted; a request counts once', () => {
		expect(unreadTotal([chat(5, { state: 'ignored' }), chat(5, { state: 'blocked' }), chat(40, { state: 'request' })])).toBe(1);
	});

	it('the title carries the count, capped, and none at zero', () => {
		expect(titleWithUnread(0)).toBe('Parley');
		expect(titleWithUnread(3)).toBe('(3) Parley');
		expect(titleWithUnread(250)).toBe('(99+) Parley');
	});
});
