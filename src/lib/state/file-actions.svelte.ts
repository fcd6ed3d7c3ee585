import { SvelteMap } from 'svelte/reactivity';
import type { ChatDb } from '../db/chat-db';
import type { FileRow } from '../db/file-rows';
import { fileBytesByConversation } from '../db/file-store';
import { assembledFile, fileRowsByIds, filesOfConversation, hasBytes, imagesOfConversation } from '../db/file-queries';
import { getSetting, putSetting } from '../db/settings-queries';
import { DEFAULT_MAX_FILE_BYTES } from '../files/file-limits';
import { TransferRate } from '../files/transfer-rate';
import type { MessageId } from '../ids/message-id';
import type { FileApi, OutgoingFile } from '../messenger/files/file-api';
import type { FileProgress } from '../messenger/files/file-deps';

/** Settings key of the largest file this device accepts (PROTOCOL §13e). */
export const MAX_FILE_BYTES_KEY = 'maxFileBytes';

/** How often a file on screen that is arriving is read again (its state: complete, declined...). */
export const FILE_POLL_MS = 2_000;

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

/**
 * The files the open screens show, and what the user can do to them (issue 12). Rows are read on
 * demand by the cards that are on screen (`watch`), read again after each action, on progress,
 * and every FILE_POLL_MS while one is arriving: the change feed carries no file rows.
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
	#timer: ReturnType<typeof setInterval> | null = null;
	#stopEvents: () => void;

	constructor(
		private readonly db: ChatDb,
		readonly api: FileApi,
		events: FileEvents,
		private readonly now: () => number = () => performance.now(),
		private readonly pollMs = FILE_POLL_MS
	) {
		this.#stopEvents = events.on('fileProgress', (progress) => this.#onProgress(progress));
	}

	close(): void {
		this.#stopEvents();
		if (this.#timer !== null) clearInterval(this.#timer);
		this.#timer = null;
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
		this.#schedule();
		return () => {
			const count = (this.#watched.get(id) ?? 1) - 1;
			if (count > 0) this.#watched.set(id, count);
			else {
				this.#watched.delete(id);
				this.#forgetUnwatched();
			}
		};
	}

	async refresh(...ids: MessageId[]): Promise<void> {
		const found = await fileRowsByIds(this.db, ids);
		for (const [id, row] of found) this.rows.set(id, row);
		// A card can show before its row commits (a message is shown early, arrival-book.ts): poll for it too.
		if (found.size > 0 || ids.some((id) => this.#watched.has(id))) this.#schedule();
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
			this.transfers.delete(progress.messageId);
			// The last chunk: the file is being verified and will turn complete (or start again).
			if (this.#watched.has(progress.messageId)) void this.refresh(progress.messageId);
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
	 * Polls while a watched file is arriving (its end, complete, declined or cancelled, sends no
	 * progress) or its row is not there yet (read before the message's write committed).
	 */
	#schedule(): void {
		if (this.#timer !== null) return;
		this.#timer = setInterval(() => {
			const arriving = [...this.#watched.keys()].filter((id) => {
				const row = this.rows.get(id);
				return row === undefined || row.state === 'receiving';
			});
			if (arriving.length > 0) void this.refresh(...arriving);
			else if (this.#timer !== null) {
				clearInterval(this.#timer);
				this.#timer = null;
			}
		}, this.pollMs);
	}
}
