import { SvelteMap } from 'svelte/reactivity';
import type { ChatDb } from '../db/chat-db';
import type { FileRow } from '../db/file-rows';
import { fileBytesByConversation } from '../db/file-store';
import { assembledFile, fileRowsByIds, filesOfConversation, followFileRows, hasBytes, imagesOfConversation } from '../db/file-queries';
import { getSetting, putSetting } from '../db/settings-queries';
import { DEFAULT_MAX_FILE_BYTES } from '../files/file-limits';
import { TransferRate } from '../files/transfer-rate';
import { DEFAULT_VOICE_MAX_MS } from '../files/voice-limits';
import { voiceLimitMs } from '../files/voice-recording';
import type { MessageId } from '../ids/message-id';
import type { FileApi, OutgoingFile } from '../messenger/files/file-api';
import type { FileProgress } from '../messenger/files/file-deps';

/** Settings key of the largest file this device accepts (PROTOCOL §13e). */
export const MAX_FILE_BYTES_KEY = 'maxFileBytes';

/** Settings key of the longest voice message this device records, in ms. */
export const VOICE_MAX_MS_KEY = 'voiceMaxMs';

/** Rows kept for cards that went off screen, so they show at once when they come back. */
export const MAX_CACHED_ROWS = 400;

/** A transfer as its card shows it. */
export interface TransferView {
	direction: 'in' | 'out';
	bytes: number;
	size: number;
	bytesPerSecond: number;
	secondsLeft: number | null;
	/** When the last progress came (the clock passed in). */
	at: number;
}

export interface FileEvents {
	on(event: 'fileProgress', listener: (progress: FileProgress) => void): () => void;
}

/** Follows committed writes to file rows: calls back with their ids, returns the function that stops (db/file-queries followFileRows). */
export type FileRowFeed = (db: ChatDb, changed: (ids: ReadonlySet<MessageId>) => void) => () => void;

/**
 * The files the open screens show, and what the user can do to them (issue 12). Rows are read on
 * demand by the cards that are on screen (`watch`) and read again when a committed write touches
 * one of them (the file row feed): a card follows its row as soon as it changes, and nothing is
 * read while nothing changes. Progress between writes comes from the messenger's events.
 */
export class FileActions {
	readonly rows = new SvelteMap<MessageId, FileRow>();
	readonly transfers = new SvelteMap<MessageId, TransferView>();
	/** The image open in the viewer, and the conversation whose images it steps through. */
	viewing = $state<{ conversationId: string; messageId: MessageId } | null>(null);
	// Plain bookkeeping: `rows` and `transfers` are what readers follow.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#rates = new Map<string, TransferRate>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#watched = new Map<MessageId, number>();
	/** The newest read of each row: an older read that settles later is not shown over it. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#latestRead = new Map<MessageId, number>();
	#reads = 0;
	/** Restored files this tab asked to have checked (each once). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#checking = new Set<MessageId>();
	#stopEvents: () => void;
	#stopFeed: () => void;

	constructor(
		private readonly db: ChatDb,
		readonly api: FileApi,
		events: FileEvents,
		private readonly now: () => number = () => performance.now(),
		feed: FileRowFeed = followFileRows
	) {
		this.#stopEvents = events.on('fileProgress', (progress) => this.#onProgress(progress));
		this.#stopFeed = feed(db, (ids) => this.#onRowsChanged(ids));
	}

	close(): void {
		this.#stopEvents();
		this.#stopFeed();
	}

	send(conversation: string, files: readonly OutgoingFile[], caption: string): Promise<MessageId[]> {
		return this.api.sendFiles(conversation, files, caption === '' ? {} : { caption });
	}

	/**
	 * Follows a file while its card is on screen; returns the function that stops. A row read
	 * before shows at once (no empty frame when a card scrolls back in) and is read again.
	 */
	watch(id: MessageId): () => void {
		this.#watched.set(id, (this.#watched.get(id) ?? 0) + 1);
		void this.refresh(id);
		return () => {
			const count = (this.#watched.get(id) ?? 1) - 1;
			if (count > 0) this.#watched.set(id, count);
			else {
				this.#watched.delete(id);
				this.#forgetUnwatched();
			}
		};
	}

	/** Reads rows again; a row that is gone (its message deleted) leaves the cache. */
	async refresh(...ids: MessageId[]): Promise<void> {
		if (ids.length === 0) return;
		const read = ++this.#reads;
		for (const id of ids) this.#latestRead.set(id, read);
		const found = await fileRowsByIds(this.db, ids);
		for (const id of ids) {
			if (this.#latestRead.get(id) !== read) continue;
			this.#latestRead.delete(id);
			const row = found.get(id);
			if (row !== undefined) this.rows.set(id, row);
			else this.rows.delete(id);
			if (row?.unchecked !== undefined) this.#check(id);
		}
	}

	/**
	 * A restored file on screen is checked before anything else, once; its row is read again after,
	 * as another tab may have checked it (this tab's row feed sees only this tab's writes).
	 */
	#check(id: MessageId): void {
		if (this.#checking.has(id)) return;
		this.#checking.add(id);
		void this.api
			.checkFile(id)
			.then(() => this.refresh(id))
			.catch(() => undefined);
	}

	async cancel(id: MessageId): Promise<void> {
		await this.#act(id, () => this.api.cancelFile(id));
	}

	async retry(id: MessageId): Promise<void> {
		await this.#act(id, () => this.api.retryFile(id));
	}

	async remove(id: MessageId): Promise<void> {
		await this.#act(id, () => this.api.removeFile(id));
	}

	/** The whole file, typed for display or download (db/file-queries assembledFile). */
	async blobOf(row: FileRow): Promise<Blob | null> {
		return assembledFile(this.db, row);
	}

	imagesOf(conversationId: string): Promise<FileRow[]> {
		return imagesOfConversation(this.db, conversationId);
	}

	bytesByConversation(): Promise<Map<string, number>> {
		return fileBytesByConversation(this.db);
	}

	/** Deletes the bytes of every file of a conversation held here; the messages stay. Returns how many. */
	async deleteFilesOf(conversationId: string): Promise<number> {
		const held = (await filesOfConversation(this.db, conversationId)).filter((row) => hasBytes(row) || row.have.length > 0);
		for (const row of held) await this.api.removeFile(row.messageId);
		await this.refresh(...held.map((row) => row.messageId));
		return held.length;
	}

	async maxFileBytes(): Promise<number> {
		const value = await getSetting<unknown>(this.db, MAX_FILE_BYTES_KEY, DEFAULT_MAX_FILE_BYTES);
		return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_MAX_FILE_BYTES;
	}

	async setMaxFileBytes(bytes: number): Promise<void> {
		if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new RangeError('A file size limit is a positive whole number of bytes.');
		await putSetting(this.db, MAX_FILE_BYTES_KEY, bytes);
	}

	/** The longest voice message this device records (PROTOCOL §13g; default 5 minutes). */
	async voiceMaxMs(): Promise<number> {
		return voiceLimitMs(await getSetting<unknown>(this.db, VOICE_MAX_MS_KEY, DEFAULT_VOICE_MAX_MS));
	}

	async setVoiceMaxMs(ms: number): Promise<void> {
		if (voiceLimitMs(ms) !== ms) throw new RangeError('A voice message limit is whole seconds from 1 second to 30 minutes.');
		await putSetting(this.db, VOICE_MAX_MS_KEY, ms);
	}

	/** Keeps at most MAX_CACHED_ROWS rows (each may hold a 16 KiB preview): the oldest read off screen go. */
	#forgetUnwatched(): void {
		let excess = this.rows.size - MAX_CACHED_ROWS;
		for (const id of this.rows.keys()) {
			if (excess <= 0) break;
			if (this.#watched.has(id)) continue;
			this.rows.delete(id);
			excess--;
		}
	}

	async #act(id: MessageId, action: () => Promise<void>): Promise<void> {
		try {
			await action();
		} finally {
			this.transfers.delete(id);
			await this.refresh(id);
		}
	}

	#onProgress(progress: FileProgress): void {
		const at = this.now();
		const key = `${progress.messageId} ${progress.peer}`;
		let rate = this.#rates.get(key);
		if (rate === undefined) this.#rates.set(key, (rate = new TransferRate()));
		rate.update(progress.bytes, at);
		if (progress.bytes >= progress.size) {
			this.#rates.delete(key);
			// The last chunk: the file is being verified; its row's write (complete, or start again) comes on the feed.
			this.transfers.delete(progress.messageId);
			return;
		}
		this.transfers.set(progress.messageId, {
			direction: progress.direction,
			bytes: progress.bytes,
			size: progress.size,
			bytesPerSecond: rate.bytesPerSecond,
			secondsLeft: rate.secondsLeft(progress.bytes, progress.size),
			at
		});
	}

	/**
	 * Rows a committed write touched: the ones on screen or kept for cards off screen are read
	 * again (a card shown before its row's commit finds it here too); others are no concern.
	 */
	#onRowsChanged(ids: ReadonlySet<MessageId>): void {
		const shown = [...ids].filter((id) => this.#watched.has(id) || this.rows.has(id));
		void this.refresh(...shown);
	}
}
