import { describe, expect, it } from 'vitest';
import type { FileRow } from '../../../src/lib/db/file-rows';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { TransferView } from '../../../src/lib/state/file-actions.svelte';
import { TRANSFER_STALE_MS, fileCardView, imageBox, thumbBlob } from '../../../src/lib/state/file-card-view';

function fileRow(over: Partial<FileRow> = {}): FileRow {
	return {
		messageId: 'm1' as MessageId,
		conversationId: 'chat',
		direction: 'in',
		peerId: 'peer',
		hash: 'h',
		key: new Uint8Array(32),
		name: 'report.pdf',
		type: 'application/pdf',
		size: 4 * CHUNK_BYTES,
		chunks: 4,
		state: 'receiving',
		have: [],
		time: 1,
		...over
	};
}

const transfer = (over: Partial<TransferView> = {}): TransferView => ({ direction: 'in', bytes: 2 * CHUNK_BYTES, size: 4 * CHUNK_BYTES, bytesPerSecond: 65_536, secondsLeft: 2, at: 1_000, ...over });

describe('fileCardView', () => {
	it('a restored file not checked yet offers nothing to open or save, and says why; its preview still shows', () => {
		for (const row of [fileRow({ state: 'complete', have: [[0, 4]], unchecked: 1 }), fileRow({ direction: 'out', state: 'sending', blob: new Blob(['x']), unchecked: 1 })]) {
			const view = fileCardView(row, undefined, 0);
			expect(view.actions).toEqual([]);
			expect(view.status).toBe('Checking the restored file…');
		}
		const image = fileCardView(fileRow({ type: 'image/png', state: 'complete', thumb: new Uint8Array(8), unchecked: 1 }), undefined, 0);
		expect(image.image).toBe(true);
		expect(fileCardView(fileRow({ type: 'image/png', state: 'complete', unchecked: 1 }), undefined, 0).image).toBe(false);
	});

	it('shows an arriving file with progress, speed, time left and Cancel', () => {
		const view = fileCardView(fileRow(), transfer(), 1_500);
		expect(view.progress).toEqual({ percent: 50, label: 'Downloading', detail: '131 kB of 262 kB · 66 kB/s · 2 s left' });
		expect(view.actions).toEqual(['cancel']);
	});

	it('drops speed and time left once progress stops coming, and counts the chunks held', () => {
		const view = fileCardView(fileRow({ have: [[0, 1]] }), transfer(), 1_000 + TRANSFER_STALE_MS);
		expect(view.progress).toEqual({ percent: 25, label: 'Downloading', detail: '66 kB of 262 kB' });
	});

	it('offers Download for a file not fetched yet, and Try again with the reason for a declined one', () => {
		expect(fileCardView(fileRow({ state: 'waiting' }), undefined, 0)).toMatchObject({ status: 'Not downloaded', actions: ['fetch'], progress: null });
		for (const [code, text] of [
			['too-large', 'Larger than the largest file you accept (Settings, Storage)'],
			['no-space', 'Not enough free space on this device'],
			['damaged', 'The file arrived damaged. Try again to fetch it anew'],
			['cipher', 'Sent by a newer version of Parley: update to open it']
		] as const) {
			expect(fileCardView(fileRow({ state: 'declined', problem: code }), undefined, 0)).toMatchObject({ status: text, problem: true, actions: ['retry'] });
		}
		expect(fileCardView(fileRow({ state: 'declined', problem: 'Larger than your limit of 100 MB' }), undefined, 0)).toMatchObject({
			status: 'Larger than your limit of 100 MB',
			problem: true,
			actions: ['retry']
		});
	});

	it('an own file whose restored copy did not hash to its name says so, not that the user deleted it (review, session 18)', () => {
		const view = fileCardView(fileRow({ direction: 'out', state: 'removed', problem: 'damaged' }), undefined, 0);
		expect(view.status).not.toBe('File deleted');
		expect(view.status).toMatch(/damaged/);
		expect(view).toMatchObject({ problem: true, actions: [] });
		// A received file declined as damaged and then deleted by the user: deleted.
		expect(fileCardView(fileRow({ direction: 'in', state: 'removed', problem: 'damaged' }), undefined, 0).status).toBe('File deleted');
	});

	it('says a withdrawn or deleted file is gone and offers nothing', () => {
		expect(fileCardView(fileRow({ state: 'cancelled' }), undefined, 0)).toMatchObject({ status: 'The sender withdrew this file', actions: [] });
		expect(fileCardView(fileRow({ state: 'removed', thumb: new Uint8Array([1]), type: 'image/png' }), undefined, 0)).toMatchObject({ status: 'File deleted', actions: [], image: false });
	});

	it('offers Save for a complete file and for our own', () => {
		expect(fileCardView(fileRow({ state: 'complete' }), undefined, 0).actions).toEqual(['save']);
		const ours = fileRow({ direction: 'out', state: 'sending', blob: new Blob(['x']) });
		expect(fileCardView(ours, undefined, 0)).toMatchObject({ actions: ['save'], progress: null });
		const serving = fileCardView(ours, transfer({ direction: 'out', bytes: CHUNK_BYTES }), 1_000);
		expect(serving.progress?.label).toBe('Sending');
		expect(serving.actions).toEqual(['cancel', 'save']);
	});

	it('shows a peer’s file name only through safeFileName', () => {
		expect(fileCardView(fileRow({ name: 'invoice\u202Efdp.exe' }), undefined, 0).name).toBe('invoicefdp.exe');
		expect(fileCardView(fileRow({ name: '../../.bashrc' }), undefined, 0).name).toBe('_.._.bashrc');
	});

	it('shows only inline image types as pictures (an SVG is a file)', () => {
		const thumb = new Uint8Array([1]);
		expect(fileCardView(fileRow({ type: 'image/png', thumb, state: 'waiting' }), undefined, 0).image).toBe(true);
		expect(fileCardView(fileRow({ type: 'image/svg+xml', thumb, state: 'complete' }), undefined, 0).image).toBe(false);
		expect(fileCardView(fileRow({ type: 'image/png', state: 'waiting' }), undefined, 0).image).toBe(false);
	});
});

describe('thumbBlob', () => {
	it('shows a peer’s preview only when its bytes are an inline image type', () => {
		expect(thumbBlob(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))?.type).toBe('image/jpeg');
		expect(thumbBlob(new TextEncoder().encode('<svg onload="x()"/>'))).toBeNull();
	});
});

describe('imageBox', () => {
	it('keeps the declared aspect ratio within 280 × 320', () => {
		expect(imageBox(4000, 3000)).toEqual({ width: 280, height: 210 });
		expect(imageBox(1000, 2000)).toEqual({ width: 160, height: 320 });
	});

	it('bounds extreme ratios and tiny images, and squares out-of-range sizes from a peer', () => {
		expect(imageBox(10_000, 10)).toEqual({ width: 280, height: 70 });
		expect(imageBox(10, 10)).toEqual({ width: 80, height: 80 });
		expect(imageBox(0, 100)).toEqual(imageBox(1, 1));
		expect(imageBox(100_000, 100)).toEqual({ width: 80, height: 80 });
		expect(imageBox(undefined, undefined)).toEqual({ width: 80, height: 80 });
	});
});
