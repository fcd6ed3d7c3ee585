import type { FileRow } from '../../db/file-rows';
import type { FileStopFrame, FileWantFrame } from '../../files/file-frames';
import type { PeerId } from '../../ids/peer-id';
import type { FileChannel } from '../../net/file-channel';
import { ChatBudget } from './chat-budget';
import type { FileEngineDeps, FileLink } from './file-deps';
import { FileFetcher } from './file-fetch';
import { FileServer } from './file-serve';

/**
 * Both sides of file transfer for one device: the server that answers requests and the fetcher
 * that makes them, over each authenticated peer's file channel (PROTOCOL §13). The messenger
 * attaches a channel when a session is authenticated and passes in the control frames.
 */
export class FileTransfers {
	readonly server: FileServer;
	readonly fetcher: FileFetcher;
	readonly #chat = new ChatBudget(() => performance.now());
	readonly #channels = new Map<PeerId, { channel: FileChannel; link: FileLink; off: (() => void)[] }>();

	constructor(deps: Omit<FileEngineDeps, 'link'>) {
		const full: FileEngineDeps = { ...deps, link: (peer) => this.#link(peer), chat: this.#chat };
		this.server = new FileServer(full);
		this.fetcher = new FileFetcher(full);
	}

	/** The peer's session is authenticated: use this channel for its files from now on. */
	attach(peer: PeerId, channel: FileChannel): void {
		this.detach(peer);
		const off = [
			channel.on('message', (frame) => void this.fetcher.onChunk(peer, frame)),
			channel.on('open', () => this.#opened(peer)),
			channel.on('close', () => {
				if (this.#channels.get(peer)?.channel === channel) this.detach(peer);
			})
		];
		// One link per channel, not one per call: the server asks for it before every chunk.
		const link: FileLink = { peer, get bufferedAmount() { return channel.bufferedAmount; }, send: (frame) => channel.send(frame), onDrain: (listener) => channel.onDrain(listener) };
		this.#channels.set(peer, { channel, link, off });
		if (channel.isOpen) this.#opened(peer);
	}

	/** The session ended: requests to and from the peer stop; they resume on the next one. */
	detach(peer: PeerId): void {
		const entry = this.#channels.get(peer);
		if (entry === undefined) return;
		this.#channels.delete(peer);
		for (const off of entry.off) off();
		this.server.forget(peer);
		this.fetcher.onLinkClosed(peer);
	}

	async onControl(peer: PeerId, frame: FileWantFrame | FileStopFrame): Promise<void> {
		if (frame.t === 'fwant') return this.server.onWant(peer, frame);
		this.server.stop(frame.id, peer);
		await this.fetcher.onStop(peer, frame);
	}

	/** A chat message went to or came from `peer`: files to them give way for a while (ChatBudget). */
	noteChat(peer: PeerId): void {
		this.#chat.noteChat(peer);
	}

	/** A received file the user may have (stored, not a request, author not blocked). */
	async fetch(row: FileRow): Promise<void> {
		await this.fetcher.begin(row);
	}

	#opened(peer: PeerId): void {
		this.fetcher.onLinkOpen(peer);
	}

	#link(peer: PeerId): FileLink | null {
		const entry = this.#channels.get(peer);
		return entry !== undefined && entry.channel.isOpen ? entry.link : null;
	}
}
