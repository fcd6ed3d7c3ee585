import { formatBytes } from '../text/byte-size';
import { thumbBlob } from './file-card-view';
import type { Preview } from '../messenger/files/file-prepare';
import type { OutgoingFile } from '../messenger/files/file-api';
import type { MessageId } from '../ids/message-id';

/** Most files in one send: a tray of chips the user can still read, and a burst the peer accepts. */
export const MAX_DRAFT_FILES = 32;

/** A picked, dropped or pasted file on the composer's tray. */
export interface DraftFile {
	readonly id: number;
	readonly blob: Blob;
	readonly name: string;
	readonly size: number;
	/** undefined while it is being made; null when the file has none (not an image, or it failed). */
	readonly preview: Preview | null | undefined;
	/** An object URL of the preview, for the chip; revoked when the chip goes. */
	readonly previewUrl: string | null;
}

export type PreviewMaker = (blob: Blob) => Promise<Preview | null>;
export type FileSender = (files: readonly OutgoingFile[], caption: string) => Promise<MessageId[]>;

/**
 * The files waiting on the composer's tray, in the order they were added. Images get their
 * preview while the user writes the caption; sending waits for those still being made.
 */
export class FileDraft {
	// Raw: the blobs and previews go to the messenger as they are, not as reactive proxies.
	files = $state.raw<DraftFile[]>([]);
	/** Why the last add or send did not do all it was asked (shown above the tray). */
	notice = $state<string | null>(null);
	sending = $state(false);
	/** Files are being dragged over the thread (the drop zone shows). */
	dragging = $state(false);
	#next = 0;
	// Plain bookkeeping: nothing on screen reads the pending previews.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#making = new Map<number, Promise<void>>();

	constructor(
		private readonly makePreview: PreviewMaker,
		private readonly urls: { create(blob: Blob): string; revoke(url: string): void } = { create: (blob) => URL.createObjectURL(blob), revoke: (url) => URL.revokeObjectURL(url) }
	) {}

	get empty(): boolean {
		return this.files.length === 0;
	}

	/** Adds files from the picker or a drop, or pasted ones (`pasted`: their names are made up here). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a moment's timestamp for a name, not state
	add(picked: Iterable<Blob>, { pasted = false, now = new Date() }: { pasted?: boolean; now?: Date } = {}): void {
		const room = MAX_DRAFT_FILES - this.files.length;
		const incoming = [...picked];
		if (incoming.length > room) this.notice = `Up to ${MAX_DRAFT_FILES} files at once: ${incoming.length - Math.max(0, room)} not added.`;
		else this.notice = null;
		const added: DraftFile[] = incoming.slice(0, Math.max(0, room)).map((blob) => ({ id: this.#next++, blob, name: nameOf(blob, pasted, now), size: blob.size, preview: undefined, previewUrl: null }));
		this.files = [...this.files, ...added];
		for (const file of added) this.#making.set(file.id, this.#preview(file.id, file.blob));
	}

	remove(id: number): void {
		const file = this.files.find((candidate) => candidate.id === id);
		if (file?.previewUrl) this.urls.revoke(file.previewUrl);
		this.files = this.files.filter((candidate) => candidate.id !== id);
		this.#making.delete(id);
		this.notice = null;
	}

	clear(): void {
		for (const file of this.files) if (file.previewUrl) this.urls.revoke(file.previewUrl);
		this.files = [];
		this.#making.clear();
	}

	/**
	 * Sends every file (one message each, the caption with the first) and empties the tray.
	 * On failure the tray stays as it was and the reason shows; returns whether it was sent.
	 */
	async send(sender: FileSender, caption: string): Promise<boolean> {
		if (this.files.length === 0 || this.sending) return false;
		this.sending = true;
		try {
			await Promise.all(this.#making.values());
			const outgoing = this.files.map((file): OutgoingFile => ({ blob: file.blob, name: file.name, ...(file.preview ? { preview: file.preview } : {}) }));
			await sender(outgoing, caption);
			this.clear();
			this.notice = null;
			return true;
		} catch (error) {
			this.notice = `Not sent: ${error instanceof Error ? error.message : String(error)}`;
			return false;
		} finally {
			this.sending = false;
		}
	}

	async #preview(id: number, blob: Blob): Promise<void> {
		const preview = await this.makePreview(blob).catch(() => null);
		if (!this.files.some((candidate) => candidate.id === id)) return;
		const thumb = preview === null ? null : thumbBlob(preview.thumb);
		const previewUrl = thumb === null ? null : this.urls.create(thumb);
		this.files = this.files.map((file) => (file.id === id ? { ...file, preview, previewUrl } : file));
	}
}

/** "photo.jpg, 2.1 MB": a chip's accessible description. */
export function describeDraftFile(file: Pick<DraftFile, 'name' | 'size'>): string {
	return `${file.name}, ${formatBytes(file.size)}`;
}

/** A picked file keeps its name; a pasted image (every browser calls it "image.png") gets a dated one. */
function nameOf(blob: Blob, pasted: boolean, now: Date): string {
	const given = 'name' in blob && typeof blob.name === 'string' ? blob.name : '';
	if (given !== '' && !(pasted && given === 'image.png')) return given;
	const stamp = now.toISOString().slice(0, 19).replace('T', ' ').replaceAll(':', '.');
	return `Pasted image ${stamp}.${extensionOf(blob.type)}`;
}

function extensionOf(type: string): string {
	const sub = type.startsWith('image/') ? type.slice(6) : '';
	return sub === 'jpeg' ? 'jpg' : /^[a-z0-9]{1,5}$/.test(sub) ? sub : 'bin';
}
