import { render } from 'svelte/server';
import { describe, expect, it, vi } from 'vitest';
import FileTray from '../../../src/lib/components/files/FileTray.svelte';
import type { Preview } from '../../../src/lib/messenger/files/file-prepare';
import type { OutgoingFile } from '../../../src/lib/messenger/files/file-api';
import type { MessageId } from '../../../src/lib/ids/message-id';
import { FileDraft, MAX_DRAFT_FILES } from '../../../src/lib/state/file-draft.svelte';

const JPEG_THUMB = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]);
const preview: Preview = { thumb: JPEG_THUMB, width: 800, height: 600 };
const file = (name: string, bytes = 3, type = 'application/octet-stream') => new File([new Uint8Array(bytes)], name, { type });

function urls() {
	const made: string[] = [];
	const revoked: string[] = [];
	return { made, revoked, create: (_blob: Blob) => (made.push(`blob:${made.length}`), `blob:${made.length - 1}`), revoke: (url: string) => void revoked.push(url) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('FileDraft (the composer’s tray)', () => {
	it('sends every file in one call, in order, with its preview and the caption, then empties', async () => {
		const draft = new FileDraft(async (blob) => ((blob as File).name === 'cat.jpg' ? preview : null), urls());
		draft.add([file('cat.jpg'), file('notes.txt')]);
		const sent: { files: readonly OutgoingFile[]; caption: string }[] = [];
		const ok = await draft.send(async (files, caption) => (sent.push({ files, caption }), ['a', 'b'] as MessageId[]), 'look at this');
		expect(ok).toBe(true);
		expect(sent).toHaveLength(1);
		expect(sent[0]?.caption).toBe('look at this');
		expect(sent[0]?.files.map((f) => [f.name, f.preview?.width ?? null])).toEqual([
			['cat.jpg', 800],
			['notes.txt', null]
		]);
		expect(draft.empty).toBe(true);
	});

	it('waits for previews still being made before it sends', async () => {
		let finish: (value: Preview) => void = () => {};
		const draft = new FileDraft(() => new Promise<Preview>((resolve) => (finish = resolve)), urls());
		draft.add([file('big.png')]);
		const sender = vi.fn(async (_files: readonly OutgoingFile[], _caption: string) => [] as MessageId[]);
		const sending = draft.send(sender, '');
		await settle();
		expect(sender).not.toHaveBeenCalled();
		finish(preview);
		await sending;
		expect(sender.mock.calls[0]?.[0]?.[0]?.preview).toBe(preview);
	});

	it('keeps the tray and says why when sending fails', async () => {
		const draft = new FileDraft(async () => null, urls());
		draft.add([file('a.bin')]);
		expect(await draft.send(() => Promise.reject(new Error('no storage space left')), 'hi')).toBe(false);
		expect(draft.files).toHaveLength(1);
		expect(draft.notice).toBe('Not sent: no storage space left');
	});

	it('sends without a preview when making one fails', async () => {
		const draft = new FileDraft(() => Promise.reject(new Error('decode')), urls());
		draft.add([file('broken.png')]);
		const sender = vi.fn(async (_files: readonly OutgoingFile[], _caption: string) => [] as MessageId[]);
		expect(await draft.send(sender, '')).toBe(true);
		expect(sender.mock.calls[0]?.[0]?.[0]?.preview).toBeUndefined();
	});

	it('removes a chip and releases its preview URL', async () => {
		const links = urls();
		const draft = new FileDraft(async () => preview, links);
		draft.add([file('a.jpg'), file('b.jpg')]);
		await settle();
		expect(draft.files.map((f) => f.previewUrl)).toEqual(['blob:0', 'blob:1']);
		draft.remove(draft.files[0]!.id);
		expect(draft.files.map((f) => f.name)).toEqual(['b.jpg']);
		expect(links.revoked).toEqual(['blob:0']);
		draft.clear();
		expect(links.revoked).toEqual(['blob:0', 'blob:1']);
	});

	it('takes at most MAX_DRAFT_FILES and says how many it left out', () => {
		const draft = new FileDraft(async () => null, urls());
		draft.add(Array.from({ length: MAX_DRAFT_FILES + 3 }, (_, i) => file(`f${i}`)));
		expect(draft.files).toHaveLength(MAX_DRAFT_FILES);
		expect(draft.notice).toBe(`Up to ${MAX_DRAFT_FILES} files at once: 3 not added.`);
	});

	it('names a pasted image by the time, and keeps a picked file’s own name', () => {
		const draft = new FileDraft(async () => null, urls());
		const now = new Date('2026-03-04T05:06:07Z');
		draft.add([file('image.png', 3, 'image/png')], { pasted: true, now });
		draft.add([new Blob([new Uint8Array(2)], { type: 'image/jpeg' })], { pasted: true, now });
		draft.add([file('image.png', 3, 'image/png')], { now });
		expect(draft.files.map((f) => f.name)).toEqual(['Pasted image 2026-03-04 05.06.07.png', 'Pasted image 2026-03-04 05.06.07.jpg', 'image.png']);
	});

	it('does not show a preview whose bytes are no image', async () => {
		const links = urls();
		const draft = new FileDraft(async () => ({ ...preview, thumb: new TextEncoder().encode('<svg/>') }), links);
		draft.add([file('x.png')]);
		await settle();
		expect(draft.files[0]?.previewUrl).toBeNull();
	});
});

describe('FileTray', () => {
	it('shows each file as a chip with its name, size and a named remove button', () => {
		const draft = new FileDraft(async () => null, urls());
		draft.add([file('holiday.mov', 2_500_000)]);
		const body = render(FileTray, { props: { draft } }).body;
		expect(body).toMatch(/aria-label="Files to send"/);
		expect(body).toMatch(/aria-label="holiday.mov, 2.5 MB"/);
		expect(body).toMatch(/aria-label="Remove holiday.mov"/);
	});

	it('is absent when no file waits', () => {
		expect(render(FileTray, { props: { draft: new FileDraft(async () => null, urls()) } }).body).not.toMatch(/<ul/);
	});
});
