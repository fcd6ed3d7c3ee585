import { beforeEach, describe, expect, it } from 'vitest';
import { NOTICE_QUIET_MS, NoticePlanner, REQUESTS_TAG } from '../../../src/lib/notify/notice-planner';
import type { Attention, NoticeChanges, NoticePerson, NoticeRow } from '../../../src/lib/notify/notice-rules';
import type { Notice } from '../../../src/lib/notify/notice-text';

const ALICE = 'palice';
const BOB = 'pbob';
const STRANGER = 'pstranger';

/** A fake clock and timers, and a record of what the planner asked the browser to do. */
class FakeSink {
	time = 1_000_000;
	timers: { at: number; run: () => void }[] = [];
	shown: Notice[] = [];
	dismissed: string[] = [];
	attentionNow: Attention = { owner: true, visible: false, focused: false, openChat: null };

	now = () => this.time;
	schedule = (delayMs: number, run: () => void) => void this.timers.push({ at: this.time + delayMs, run });
	attention = () => this.attentionNow;
	show = (notice: Notice) => void this.shown.push(notice);
	dismiss = (tag: string) => void this.dismissed.push(tag);

	advance(ms: number): void {
		this.time += ms;
		const due = this.timers.filter((timer) => timer.at <= this.time);
		this.timers = this.timers.filter((timer) => timer.at > this.time);
		for (const timer of due) timer.run();
	}
}

let sink: FakeSink;
let planner: NoticePlanner;
let nextId = 0;

const person = (peerId: string, extra: Partial<NoticePerson> = {}): NoticePerson => ({ peerId, name: peerId === ALICE ? 'Alice' : 'Bob', state: 'contact', unread: 1, ...extra });
const message = (chat: string, text = 'hi', extra: Partial<NoticeRow> = {}): NoticeRow => ({ id: `m${nextId++}`, direction: 'in', conversationId: chat, text, unread: 1, ...extra });
/** What storeIncomingBatch publishes: the stored rows and the contact row with its new count. */
const arrival = (chat: string, rows: NoticeRow[] = [message(chat)], user: Partial<NoticePerson> = {}): NoticeChanges => ({
	messages: rows,
	users: [person(chat, { unread: rows.length, ...user })]
});

beforeEach(() => {
	sink = new FakeSink();
	planner = new NoticePlanner(sink);
});

describe('NoticePlanner: when a message notifies', () => {
	it('a message from a contact while the tab is hidden shows one notice with their name and text', () => {
		planner.apply(arrival(ALICE, [message(ALICE, 'lunch?')]));
		expect(sink.shown).toEqual([{ tag: ALICE, kind: 'message', peerId: ALICE, name: 'Alice', count: 1, newestText: 'lunch?' }]);
	});

	it('a focused, visible tab shows no notice (the user is looking at the app)', () => {
		sink.attentionNow = { owner: true, visible: true, focused: true, openChat: null };
		planner.apply(arrival(ALICE));
		expect(sink.shown).toEqual([]);
	});

	it('a visible window behind another one notifies for other chats but not the open one', () => {
		sink.attentionNow = { owner: true, visible: true, focused: false, openChat: ALICE };
		planner.apply(arrival(ALICE));
		planner.apply(arrival(BOB));
		expect(sink.shown.map((notice) => notice.tag)).toEqual([BOB]);
	});

	it('only the tab that owns the network notifies', () => {
		sink.attentionNow = { ...sink.attentionNow, owner: false };
		planner.apply(arrival(ALICE));
		expect(sink.shown).toEqual([]);
	});

	it('a change mirrored from another tab never notifies (that tab stored it)', () => {
		planner.apply({ ...arrival(ALICE), remote: true });
		expect(sink.shown).toEqual([]);
	});

	it('our own messages never notify', () => {
		// What addOutgoing publishes; the unread flag (sent rows have none) is not what protects it.
		planner.apply({ messages: [message(ALICE, 'mine', { direction: 'out' })], users: [person(ALICE, { unread: 1 })] });
		expect(sink.shown).toEqual([]);
	});

	it('a muted chat never notifies', () => {
		planner.apply(arrival(ALICE, [message(ALICE)], { muted: true }));
		expect(sink.shown).toEqual([]);
	});

	it('ignored and blocked people never notify', () => {
		planner.apply(arrival(ALICE, [message(ALICE)], { state: 'ignored' }));
		planner.apply(arrival(BOB, [message(BOB)], { state: 'blocked' }));
		expect(sink.shown).toEqual([]);
	});

	it('an edit of an older message, or a row republished, does not notify again', () => {
		const row = message(ALICE, 'first');
		planner.apply(arrival(ALICE, [row]));
		sink.advance(NOTICE_QUIET_MS);
		planner.apply(arrival(ALICE, [row]));
		planner.apply(arrival(ALICE, [message(ALICE, 'edited', { editedAt: sink.time })]));
		sink.advance(NOTICE_QUIET_MS);
		expect(sink.shown).toHaveLength(1);
	});
});

describe('NoticePlanner: rate limit and coalescing', () => {
	it('a burst in one chat is one notice now and one "N new messages" at the end of the quiet time', () => {
		planner.apply(arrival(ALICE, [message(ALICE, 'one')]));
		for (const [i, text] of ['two', 'three', 'four', 'five'].entries()) {
			sink.advance(100);
			planner.apply({ messages: [message(ALICE, text)], users: [person(ALICE, { unread: i + 2 })] });
		}
		expect(sink.shown).toHaveLength(1);
		sink.advance(NOTICE_QUIET_MS);
		expect(sink.shown).toHaveLength(2);
		expect(sink.shown[1]).toMatchObject({ tag: ALICE, count: 5, newestText: 'five' });
	});

	it('two chats do not hold each other back', () => {
		planner.apply(arrival(ALICE));
		planner.apply(arrival(BOB));
		expect(sink.shown.map((notice) => notice.tag)).toEqual([ALICE, BOB]);
	});

	it('a chat read during the quiet time gets no late notice, and its shown one is taken away', () => {
		planner.apply(arrival(ALICE));
		planner.apply(arrival(ALICE));
		planner.apply({ messages: [], users: [person(ALICE, { unread: 0 })] });
		sink.advance(NOTICE_QUIET_MS);
		expect(sink.shown).toHaveLength(1);
		expect(sink.dismissed).toEqual([ALICE]);
	});

	it('no late notice once the user is back in the app', () => {
		planner.apply(arrival(ALICE));
		planner.apply(arrival(ALICE));
		sink.attentionNow = { owner: true, visible: true, focused: true, openChat: null };
		sink.advance(NOTICE_QUIET_MS);
		expect(sink.shown).toHaveLength(1);
	});

	it('muting a chat takes its notice away', () => {
		planner.apply(arrival(ALICE));
		planner.apply({ messages: [], users: [person(ALICE, { muted: true })] });
		expect(sink.dismissed).toEqual([ALICE]);
	});
});

describe('NoticePlanner: message requests', () => {
	const request = (peer: string, text = 'buy now') => arrival(peer, [message(peer, text)], { state: 'request', name: 'Totally Bob' });

	it('a stranger is announced once, without their name or words, however many messages they send', () => {
		planner.apply(request(STRANGER));
		sink.advance(NOTICE_QUIET_MS);
		planner.apply(request(STRANGER));
		sink.advance(NOTICE_QUIET_MS);
		expect(sink.shown).toEqual([{ tag: REQUESTS_TAG, kind: 'request', peerId: STRANGER, name: '', count: 1, newestText: '' }]);
	});

	it('many strangers at once are one notice, then one "N new message requests"', () => {
		for (let i = 0; i < 20; i++) planner.apply(request(`pstranger${i}`));
		expect(sink.shown).toHaveLength(1);
		sink.advance(NOTICE_QUIET_MS);
		expect(sink.shown).toHaveLength(2);
		expect(sink.shown[1]).toMatchObject({ tag: REQUESTS_TAG, count: 19 });
	});
});
