import { shownName } from '../text/shown-name';
import { RecentMap } from '../util/recent-map';
import type { Notice } from './notice-text';
import { arrivals, noticeKind, worthNotice, type Attention, type NoticeChanges, type NoticePerson } from './notice-rules';

/** At most one notice per conversation in this long; what arrives meanwhile is one notice at its end. */
export const NOTICE_QUIET_MS = 5_000;
/** The one tag every message request shares: a flood of strangers is one notice, replaced. */
export const REQUESTS_TAG = 'parley-requests';
/** Message ids remembered as already counted; rows republished later are older than this many. */
const SEEN_IDS = 2_000;
/** People and conversations remembered; the address book is bounded by request quotas anyway. */
const PEOPLE = 10_000;

export interface NoticeSink {
	now(): number;
	/** Runs `run` after `delayMs` (a timer in the browser, a fake clock in tests). */
	schedule(delayMs: number, run: () => void): void;
	attention(): Attention;
	show(notice: Notice): void;
	/** Takes a shown notice away: its conversation was read, muted, blocked or deleted. */
	dismiss(tag: string): void;
}

interface Slot {
	lastShownAt: number;
	waiting: Notice | null;
	armed: boolean;
}

/**
 * Decides which system notifications to show from the change feed, one change at a time. Pure
 * bookkeeping: the adapter (app/notifier.ts) reads the browser's state into `attention()` and
 * turns `show` into a Notification.
 */
export class NoticePlanner {
	#people = new RecentMap<string, NoticePerson>(PEOPLE);
	#slots = new RecentMap<string, Slot>(PEOPLE);
	#seen = new RecentMap<string, true>(SEEN_IDS);
	#shown = new Set<string>();
	/** Requesters already announced in this run: each stranger is announced once. */
	#announced = new RecentMap<string, true>(PEOPLE);
	#requestsWaiting = 0;

	constructor(private readonly sink: NoticeSink) {}

	apply(changes: NoticeChanges): void {
		for (const person of changes.users ?? []) {
			this.#people.set(person.peerId, person);
			if (!person.unread || noticeKind(person) !== 'message') this.#settle(person.peerId);
		}
		for (const peer of changes.cleared ?? []) this.#settle(peer);
		const found = arrivals(changes, (id) => this.#seen.has(id));
		if (found.size === 0) return;
		const attention = this.sink.attention();
		for (const [chat, rows] of found) {
			for (const row of rows) this.#seen.set(row.id, true);
			const person = this.#people.get(chat);
			const kind = noticeKind(person);
			if (!person || !kind || !worthNotice(attention, chat)) continue;
			if (kind === 'request') this.#request(chat);
			else this.#offer({ tag: chat, kind, peerId: chat, name: shownName(person).text, count: Math.max(person.unread ?? 0, rows.length), newestText: rows.at(-1)!.text });
		}
	}

	#request(peer: string): void {
		if (this.#announced.has(peer)) return;
		this.#announced.set(peer, true);
		this.#requestsWaiting += 1;
		this.#offer({ tag: REQUESTS_TAG, kind: 'request', peerId: peer, name: '', count: this.#requestsWaiting, newestText: '' });
	}

	/** Shows a notice now, or once its conversation's quiet time is over (the newest one then). */
	#offer(notice: Notice): void {
		const slot = this.#slots.get(notice.tag) ?? { lastShownAt: -Infinity, waiting: null, armed: false };
		this.#slots.set(notice.tag, slot);
		const wait = slot.lastShownAt + NOTICE_QUIET_MS - this.sink.now();
		if (wait <= 0 && !slot.armed) return this.#show(slot, notice);
		slot.waiting = notice;
		if (slot.armed) return;
		slot.armed = true;
		this.sink.schedule(Math.max(wait, 0), () => this.#flush(notice.tag, slot));
	}

	#flush(tag: string, slot: Slot): void {
		slot.armed = false;
		const notice = slot.waiting;
		slot.waiting = null;
		if (!notice || !worthNotice(this.sink.attention(), notice.kind === 'message' ? tag : null)) return;
		if (notice.kind === 'request') return this.#show(slot, notice);
		// Still wanted? Read, muted or blocked in the meantime: nothing to say any more.
		const person = this.#people.get(tag);
		if (!person?.unread || noticeKind(person) !== 'message') return;
		this.#show(slot, { ...notice, name: shownName(person).text, count: Math.max(person.unread, notice.count) });
	}

	#show(slot: Slot, notice: Notice): void {
		slot.lastShownAt = this.sink.now();
		if (notice.kind === 'request') this.#requestsWaiting = 0;
		this.#shown.add(notice.tag);
		this.sink.show(notice);
	}

	#settle(chat: string): void {
		const slot = this.#slots.get(chat);
		if (slot) slot.waiting = null;
		if (this.#shown.delete(chat)) this.sink.dismiss(chat);
	}
}
