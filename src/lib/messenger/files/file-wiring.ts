import { safeFileName } from '../../files/file-name';
import { fileCipherFor, type FileCipherId } from '../../crypto/file-cipher-id';
import { fileCiphersOf } from '../../db/contact-queries';
import { getSetting } from '../../db/settings-queries';
import { removeFileData, resumeFile } from '../../db/file-store';
import type { FileRow } from '../../db/file-rows';
import { REQUEST_PROBLEM } from '../../db/inbox-queries';
import { bytesOfHex } from '../../files/hex';
import type { FileStopFrame, FileWantFrame } from '../../files/file-frames';
import { DEFAULT_MAX_FILE_BYTES } from '../../files/file-limits';
import { fileStreamFor } from '../../files/file-stream';
import { parseGroupId, type GroupId } from '../../group/group-ids';
import { newMessageId, type MessageId } from '../../ids/message-id';
import type { PeerId } from '../../ids/peer-id';
import type { Link } from '../../net/transport';
import type { AppFrame, FileControlFrame } from '../../protocol/frames';
import type { FileFrames } from '../context';
import type { MessengerParts } from '../messenger-parts';
import { messageText } from '../message-text';
import type { FileApi, OutgoingFile } from './file-api';
import type { FileProgress } from './file-deps';
import { prepareFile } from './file-prepare';
import { isChatFrame } from './chat-budget';
import { RestoredFileCheck } from './restored-check';
import { FileTransfers } from './file-transfers';

/** The settings key of the largest file this device accepts (bytes). */
export const MAX_FILE_BYTES_SETTING = 'maxFileBytes';
/** fileProgress events per transfer and direction: at most one per this many ms (and the last). */
export const PROGRESS_INTERVAL_MS = 100;

/** Free space the browser reports (`navigator.storage.estimate()`), or null where it cannot tell. */
export async function browserFreeBytes(): Promise<number | null> {
	const storage = (globalThis as { navigator?: { storage?: { estimate?: () => Promise<{ quota?: number; usage?: number }> } } }).navigator?.storage;
	if (storage?.estimate === undefined) return null;
	const { quota, usage } = await storage.estimate();
	return quota === undefined ? null : Math.max(0, quota - (usage ?? 0));
}

/**
 * File transfer wired into the messenger (PROTOCOL §13): file messages out through the direct
 * outbox or the group path, file rows in with their messages, each authenticated session's file
 * channel attached to the transfers, and `fwant` / `fstop` sealed on the message session.
 */
export class FileWiring implements FileApi, FileFrames {
	readonly transfers: FileTransfers;
	readonly #restored: RestoredFileCheck;
	/** Current members of each group a file row was read for (holders() must answer at once). */
	readonly #members = new Map<string, PeerId[]>();
	readonly #lastProgress = new Map<string, number>();
	#maxFileBytes = DEFAULT_MAX_FILE_BYTES;
	readonly #unsubscribe: () => void;
	readonly #offChat: (() => void)[];

	constructor(
		private readonly parts: MessengerParts,
		private readonly emitProgress: (progress: FileProgress) => void
	) {
		const { db, sodium, log } = parts.options;
		this.transfers = new FileTransfers({
			db,
			sodium,
			sendControl: (peer, frame) => parts.connections.send(peer, frame),
			entitled: (peer, row) => this.#entitled(peer, row),
			holders: (row) => this.#holders(row),
			maxFileBytes: () => this.#maxFileBytes,
			freeBytes: parts.options.freeBytes ?? browserFreeBytes,
			log: (reason, peer, detail) => log.info(reason, { peer, ...(detail === undefined ? {} : { detail }) }),
			progress: (progress) => this.#progress(progress),
			checkRestored: (id) => this.#restored.first(id)
		});
		this.#restored = new RestoredFileCheck({ db, sodium, log: (event, detail) => log.info(event, { detail }) });
		// Chat to or from a peer makes files to them give way for a while (chat-budget.ts): what
		// arrives, and group frames (GroupWire sends through Connections); 1:1 text notes itself.
		const noteChat = (peer: PeerId, frame: AppFrame) => {
			if (isChatFrame(frame)) this.transfers.noteChat(peer);
		};
		this.#offChat = [parts.connections.events.on('sent', noteChat), parts.connections.events.on('frame', noteChat)];
		this.#unsubscribe = db.changes.subscribe((changes) => {
			for (const group of changes.groups ?? []) if (this.#members.has(group.id)) this.#members.set(group.id, [...group.state.members.keys()]);
			// Deleted messages take their files with them (db/file-store.ts dropFiles): stop moving them.
			if (changes.cleared?.length || changes.messages.some((message) => message.deletedAt !== undefined)) void this.#sweep();
		});
	}

	/**
	 * Rows left `receiving` by an earlier run resume as their holders connect. Restored files are
	 * checked in the background: start-up does not wait for them.
	 */
	async start(): Promise<void> {
		void this.#restored.start().catch((error: unknown) => this.parts.options.log.info('restored files not checked', { detail: String(error).slice(0, 200) }));
		this.#maxFileBytes = await getSetting(this.parts.options.db, MAX_FILE_BYTES_SETTING, DEFAULT_MAX_FILE_BYTES);
		const rows = await this.parts.options.db.files.filter((row) => row.direction === 'in' && row.state === 'receiving').toArray();
		for (const row of rows) {
			// One row that cannot resume must not keep the app from starting, nor the others from resuming.
			await this.#begin(row).catch((error: unknown) => this.parts.options.log.info('file resume failed', { error: String(error).slice(0, 200) }));
		}
	}

	/** We wrote to `peer`: files to them give way for a while (chat-budget.ts). */
	noteChat(peer: PeerId): void {
		this.transfers.noteChat(peer);
	}

	checkFile(messageId: MessageId): Promise<void> {
		return this.#restored.first(messageId);
	}

	stop(): void {
		this.#restored.stop();
		this.#unsubscribe();
		for (const off of this.#offChat) off();
		for (const peer of this.parts.connections.peers()) this.transfers.detach(peer);
	}

	/**
	 * The peer's session is authenticated: its file channel carries chunks from now on, on the
	 * stream the file channel version its auth frame said picks (files/file-stream.ts).
	 */
	attach(peer: PeerId, link: Link, fileChannelVersion: number): void {
		const channel = link.fileChannel(fileStreamFor(fileChannelVersion));
		if (channel !== null) this.transfers.attach(peer, channel);
	}

	detach(peer: PeerId): void {
		this.transfers.detach(peer);
	}

	control(peer: PeerId, frame: FileControlFrame): Promise<void> {
		return this.transfers.onControl(peer, frame as FileWantFrame | FileStopFrame);
	}

	received(ids: readonly MessageId[]): void {
		void this.#fetchStored(ids).catch((error: unknown) => this.parts.options.log.info('file fetch failed', { error: String(error).slice(0, 200) }));
	}

	/** A request was accepted: its files are fetched now (§8b: not before). */
	async accepted(peer: PeerId): Promise<void> {
		const rows = await this.parts.options.db.files.where('[conversationId+time]').between([peer, -Infinity], [peer, Infinity]).toArray();
		for (const row of rows) {
			if (row.direction !== 'in' || row.state !== 'waiting' || row.problem !== REQUEST_PROBLEM) continue;
			await this.#begin({ ...row, state: 'receiving' });
		}
	}

	async sendFiles(conversation: string, files: readonly OutgoingFile[], options: { caption?: string } = {}): Promise<MessageId[]> {
		const caption = options.caption === undefined || options.caption.trim() === '' ? undefined : messageText(options.caption, '');
		const group = parseGroupId(conversation);
		const ids: MessageId[] = [];
		const cipher = await this.#cipherFor(conversation, group);
		for (const [i, file] of files.entries()) {
			const text = i === 0 ? caption : undefined;
			const prepared = await prepareFile(this.parts.options.sodium, file.blob, file.name, { cipher, preview: file.preview, caption: text, voice: file.voice });
			if (group !== null) {
				ids.push(await this.parts.groups.sendGroupFile(group, prepared.body, (frame, time) => prepared.row(frame.id, group, group, time)));
				continue;
			}
			const peer = conversation as PeerId;
			const now = this.parts.now();
			const id = newMessageId(now);
			const online = !this.parts.invisible;
			await this.parts.sendAhead.sendFile({ id, conversationId: peer, peerId: peer, text: text ?? '', time: now, kind: 'file', fileName: safeFileName(file.name), file: prepared.row(id, peer, peer, now) }, online);
			if (online) this.parts.reach.owe(peer);
			ids.push(id);
		}
		return ids;
	}

	async cancelFile(messageId: MessageId): Promise<void> {
		const row = await this.parts.options.db.files.get(messageId);
		if (row === undefined) return;
		if (row.direction === 'in') return this.transfers.fetcher.cancel(messageId);
		if (row.state === 'cancelled') return;
		// Withdrawn: nobody is served more of it, and whoever asks later hears `cancel` (file-serve.ts).
		this.transfers.server.stop(messageId);
		await removeFileData(this.parts.options.db, messageId, 'cancelled');
		const frame: FileStopFrame = { t: 'fstop', id: messageId, hash: bytesOfHex(row.hash), why: 'cancel' };
		for (const peer of await this.#recipients(row)) this.parts.connections.send(peer, frame);
	}

	async retryFile(messageId: MessageId): Promise<void> {
		const row = await this.parts.options.db.files.get(messageId);
		if (row === undefined || row.direction !== 'in') return;
		if (row.state !== 'waiting' && row.state !== 'declined' && row.state !== 'cancelled') return;
		this.#maxFileBytes = await getSetting(this.parts.options.db, MAX_FILE_BYTES_SETTING, DEFAULT_MAX_FILE_BYTES);
		await this.#begin({ ...row, state: 'receiving' });
	}

	async removeFile(messageId: MessageId): Promise<void> {
		const row = await this.parts.options.db.files.get(messageId);
		if (row === undefined) return;
		if (row.direction === 'in') await this.transfers.fetcher.cancel(messageId);
		else this.transfers.server.stop(messageId);
		await removeFileData(this.parts.options.db, messageId);
	}

	/**
	 * One cipher per announcement: a group message is signed once and relayed unchanged, so its
	 * file is AES-256-GCM only when every other current member said it opens it (PROTOCOL §13b).
	 */
	async #cipherFor(conversation: string, group: GroupId | null): Promise<FileCipherId> {
		const db = this.parts.options.db;
		if (group === null) return fileCipherFor(await fileCiphersOf(db, [conversation as PeerId]));
		const row = await db.groups.get(group);
		const me = this.parts.options.identity.peerId;
		const members = row === undefined ? [] : [...row.state.members.keys()].filter((member) => member !== me);
		return fileCipherFor(await fileCiphersOf(db, members));
	}

	/** Transfers whose file row is gone (its message was deleted) stop. */
	async #sweep(): Promise<void> {
		const { db } = this.parts.options;
		const ids = [...new Set([...this.transfers.fetcher.activeIds(), ...this.transfers.server.servingIds()])] as MessageId[];
		if (ids.length === 0) return;
		const rows = await db.files.bulkGet(ids);
		for (const [i, id] of ids.entries()) {
			if (rows[i] !== undefined) continue;
			this.transfers.fetcher.forget(id);
			this.transfers.server.stop(id);
		}
	}

	async #fetchStored(ids: readonly MessageId[]): Promise<void> {
		const rows = await this.parts.options.db.files.bulkGet([...ids]);
		for (const row of rows) if (row?.direction === 'in' && row.state === 'receiving') await this.#begin(row);
	}

	/** Starts fetching a row the user may have (its group's members read first, for holders()). */
	async #begin(row: FileRow): Promise<void> {
		if (row.state !== 'receiving') return;
		if (this.parts.admission.isBlocked(row.peerId as PeerId)) return;
		await resumeFile(this.parts.options.db, row.messageId);
		await this.#loadMembers(row.conversationId);
		await this.transfers.fetch({ ...row, state: 'receiving' });
	}

	async #loadMembers(conversation: string): Promise<PeerId[] | null> {
		if (parseGroupId(conversation) === null) return null;
		const known = this.#members.get(conversation);
		if (known !== undefined) return known;
		const group = await this.parts.options.db.groups.get(conversation as GroupId);
		const members = group === undefined ? [] : [...group.state.members.keys()];
		this.#members.set(conversation, members);
		return members;
	}

	/** Who may have this file from us: the direct peer, or a CURRENT member of its group. */
	async #entitled(peer: PeerId, row: FileRow): Promise<boolean> {
		if (parseGroupId(row.conversationId) === null) return peer === row.conversationId;
		const group = await this.parts.options.db.groups.get(row.conversationId as GroupId);
		return group?.state.members.has(peer) === true && peer !== this.parts.options.identity.peerId;
	}

	/** Who may hold a received file: its author first, then (a group) the other current members. */
	#holders(row: FileRow): readonly PeerId[] {
		const author = row.peerId as PeerId;
		const members = this.#members.get(row.conversationId) ?? [];
		const me = this.parts.options.identity.peerId;
		const others = members.filter((member) => member !== author && member !== me && !this.parts.admission.isBlocked(member));
		return this.parts.admission.isBlocked(author) ? others : [author, ...others];
	}

	async #recipients(row: FileRow): Promise<PeerId[]> {
		const members = await this.#loadMembers(row.conversationId);
		if (members === null) return [row.conversationId as PeerId];
		const me = this.parts.options.identity.peerId;
		return members.filter((member) => member !== me);
	}

	#progress(progress: FileProgress): void {
		const key = `${progress.messageId}:${progress.direction}:${progress.peer}`;
		const now = this.parts.now();
		const last = this.#lastProgress.get(key);
		const done = progress.bytes >= progress.size;
		if (!done && last !== undefined && now - last < PROGRESS_INTERVAL_MS) return;
		if (done) this.#lastProgress.delete(key);
		else this.#lastProgress.set(key, now);
		this.emitProgress(progress);
	}
}
