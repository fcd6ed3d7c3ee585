import type { ChatDb } from '../db/chat-db';
import type { StoredChanges } from '../db/change-feed';
import { NoticePlanner } from '../notify/notice-planner';
import { noticeBody, noticeTitle, type Notice } from '../notify/notice-text';

/** Whether notifications carry the message's text (off unless the user turns it on). */
const SHOW_TEXT = 'notifications.showText';
/** Set once the app has asked for permission on its own, so it never asks twice unprompted. */
const ASKED = 'notifications.asked';

export type NoticePermission = NotificationPermission | 'unsupported';

export interface NotifierOptions {
	db: ChatDb;
	/**
	 * Where the two flags above live: localStorage, read synchronously as a notice is shown (so it
	 * is shown in the task that stored the message) and shared by this origin's tabs. Absent or
	 * failing: text stays off and the app never asks on its own.
	 */
	storage?: Pick<Storage, 'getItem' | 'setItem'>;
	/** This tab owns the network (tab-owner.ts): only it notifies. */
	owner: () => boolean;
	/** The conversation on screen. */
	openChat: () => string | null;
	/** Opens a conversation (a click on its notification). */
	open: (peerId: string) => void;
}

/**
 * The browser side of notifications: follows the change feed into the pure NoticePlanner and
 * turns its decisions into `Notification`s; asks for permission once, right after the user's
 * first message is sent (still inside that keypress or click, which browsers require), never
 * on load. A click focuses the window and opens the conversation.
 */
export class Notifier {
	#planner: NoticePlanner;
	#shown = new Map<string, Notification>();
	#stop: () => void;

	constructor(private readonly options: NotifierOptions) {
		this.#planner = new NoticePlanner({
			now: () => Date.now(),
			schedule: (delayMs, run) => void setTimeout(run, delayMs),
			attention: () => ({ owner: options.owner(), visible: document.visibilityState === 'visible', focused: document.hasFocus(), openChat: options.openChat() }),
			show: (notice) => this.#show(notice),
			dismiss: (tag) => this.#shown.get(tag)?.close()
		});
		this.#stop = options.db.changes.subscribe((changes) => {
			this.#planner.apply(changes);
			this.#askAfterFirstSend(changes);
		});
	}

	get permission(): NoticePermission {
		return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
	}

	/** Asks the browser for permission (from a user gesture: a click in settings, or a send). */
	async ask(): Promise<NoticePermission> {
		if (typeof Notification === 'undefined') return 'unsupported';
		this.#write(ASKED, true);
		return Notification.requestPermission();
	}

	/** Calls `changed` when the user changes the permission in the browser's own settings. */
	watchPermission(changed: (permission: NoticePermission) => void): void {
		navigator.permissions
			?.query({ name: 'notifications' })
			.then((status) => status.addEventListener('change', () => changed(this.permission)))
			.catch(() => undefined);
	}

	get showText(): boolean {
		return this.#read(SHOW_TEXT) ?? false;
	}

	set showText(show: boolean) {
		this.#write(SHOW_TEXT, show);
	}

	close(): void {
		this.#stop();
		for (const shown of this.#shown.values()) shown.close();
	}

	#askAfterFirstSend(changes: StoredChanges): void {
		if (changes.remote || !changes.messages.some((row) => row.direction === 'out' && row.status === 'pending')) return;
		// A prompt outside a user gesture is refused (Firefox) or demoted (Chromium). The send's
		// keypress still counts while its write commits; past that, wait for the next send.
		if (navigator.userActivation && !navigator.userActivation.isActive) return;
		// Read last: `Notification.permission` asks the browser process each time (≈ 60 ms per
		// 1,000-message burst when it was read for every change the feed published).
		if (this.permission !== 'default' || this.#read(ASKED) !== null) return;
		this.ask().catch((error: unknown) => console.warn('notifications: could not ask for permission', error));
	}

	/** The flag's value; null when it was never set, undefined when storage cannot be read. */
	#read(flag: string): boolean | null | undefined {
		try {
			const value = this.options.storage?.getItem(this.#key(flag));
			return value === undefined ? undefined : value === null ? null : value === 'true';
		} catch {
			return undefined;
		}
	}

	#write(flag: string, value: boolean): void {
		try {
			this.options.storage?.setItem(this.#key(flag), String(value));
		} catch {
			// Storage full or denied: the setting lasts until reload, nothing worse.
		}
	}

	#key(flag: string): string {
		return `${this.options.db.name}:${flag}`;
	}

	#show(notice: Notice): void {
		if (this.permission !== 'granted') return;
		try {
			// `body` is plain text to the browser and the OS; noticeBody bounds and cleans it.
			const shown = new Notification(noticeTitle(notice), { body: noticeBody(notice, this.showText), tag: notice.tag, icon: '/icons/icon-192.png' });
			shown.addEventListener('click', () => {
				window.focus();
				if (notice.peerId) this.options.open(notice.peerId);
				shown.close();
			});
			shown.addEventListener('close', () => {
				if (this.#shown.get(notice.tag) === shown) this.#shown.delete(notice.tag);
			});
			this.#shown.set(notice.tag, shown);
		} catch (error) {
			// Android Chromium allows only service-worker notifications: the constructor throws there.
			console.warn('notifications: could not show one', error instanceof Error ? error.name : error);
		}
	}
}
