import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { FileRow } from '../../../src/lib/db/file-rows';
import { putSetting } from '../../../src/lib/db/settings-queries';
import { DEFAULT_MAX_FILE_BYTES } from '../../../src/lib/files/file-limits';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { FileApi } from '../../../src/lib/messenger/files/file-api';
import type { FileProgress } from '../../../src/lib/messenger/files/file-deps';
import { Emitter } from '../../../src/lib/util/emitter';
import { FileActions, MAX_CACHED_ROWS, MAX_FILE_BYTES_KEY } from '../../../src/lib/state/file-actions.svelte';

let counter = 0;
const open: { db: ChatDb; files: FileActions }[] = [];
afterEach(async () => {
	for (const { db, files } of open.splice(0)) {
		files.close();
		await db.delete();
	}
});

function row(id: string, over: Partial<FileRow> = {}): FileRow {
	return { messageId: id as MessageId, conversationId: 'chat', direction: 'in', peerId: 'peer', hash: `h-${id}`, key: new Uint8Array(32), name: `${id}.bin`, type: '', size: 10, chunks: 1, state: 'complete', have: [[0, 1]], time: 1, ...over };
}

function setup() {
	const db = new ChatDb(`file-actions-${++counter}`);
	const calls: string[] = [];
	const api: FileApi = {
		sendFiles: async () => [],
		cancelFile: async (id) => {
			calls.push(`cancel ${id}`);
			await db.files.update(id, { state: 'waiting' });
		},
		retryFile: async (id) => void calls.push(`retry ${id}`),
		removeFile: async (id) => {
			calls.push(`remove ${id}`);
			await db.files.update(id, { state: 'removed', have: [] });
		},
		checkFile: async (id) => void calls.push(`check ${id}`)
	};
	const events = new Emitter<{ fileProgress: [FileProgress] }>();
	let clock = 0;
	const files = new FileActions(db, api, events, () => clock);
	open.push({ db, files });
	return { db, files, calls, events, tick: (ms: number) => (clock += ms) };
}

const progress = (bytes: number, size = 1_000_000): FileProgress => ({ messageId: 'm' as MessageId, direction: 'in', peer: 'p' as PeerId, bytes, size });

describe('FileActions', () => {
	it('asks for a restored file to be checked as soon as its card reads it, and only then', async () => {
		const { db, files, calls } = setup();
		await db.files.bulkPut([row('restored', { unchecked: 1 }), row('fetched')]);
		const stops = [files.watch('restored' as MessageId), files.watch('fetched' as MessageId)];
		await files.refresh('restored' as MessageId, 'fetched' as MessageId);
		expect(calls).toContain('check restored');
		expect(calls).not.toContain('check fetched');
		for (const stop of stops) stop();
	});

	async function restoredScene(clears: boolean) {
		const db = new ChatDb(`file-actions-${++counter}`);
		let checks = 0;
		const api = {
			checkFile: async (id: MessageId) => {
				checks++;
				if (clears) await db.files.update(id, { unchecked: undefined });
			}
		} as unknown as FileApi;
		// No row feed: the write is another tab's, which this tab's feed does not see.
		const files = new FileActions(db, api, new Emitter<{ fileProgress: [FileProgress] }>(), () => 0, () => () => undefined);
		open.push({ db, files });
		await db.files.put(row('restored', { unchecked: 1 }));
		const stop = files.watch('restored' as MessageId);
		return { files, stop, checks: () => checks };
	}

	it('reads a restored file again once it is checked, even when another tab wrote the change', async () => {
		const { files, stop } = await restoredScene(true);
		await vi.waitFor(() => {
			const shown = files.rows.get('restored' as MessageId);
			expect(shown).toBeDefined();
			expect(shown?.unchecked).toBeUndefined();
		});
		stop();
	});

	it('asks once for a restored file whose check left it unchecked, not again on every read', async () => {
		const { files, stop, checks } = await restoredScene(false);
		await vi.waitFor(() => expect(checks()).toBe(1));
		for (let i = 0; i < 5; i++) await files.refresh('restored' as MessageId);
		expect(checks()).toBe(1);
		stop();
	});

	it('turns progress into bytes, a smoothed speed and time left', () => {
		const { files, events, tick } = setup();
		events.emit('fileProgress', progress(0));
		tick(1_000);
		events.emit('fileProgress', progress(100_000));
		const view = files.transfers.get('m' as MessageId);
		expect(view?.bytes).toBe(100_000);
		expect(view?.bytesPerSecond).toBe(100_000);
		expect(view?.secondsLeft).toBe(9);
	});

	it('reads a file’s row again after cancelling, and forgets its transfer', async () => {
		const { db, files, calls, events } = setup();
		await db.files.put(row('m', { state: 'receiving', have: [] }));
		await files.refresh('m' as MessageId);
		events.emit('fileProgress', progress(10));
		await files.cancel('m' as MessageId);
		expect(calls).toEqual(['cancel m']);
		expect(files.rows.get('m' as MessageId)?.state).toBe('waiting');
		expect(files.transfers.has('m' as MessageId)).toBe(false);
	});

	it('deletes the bytes of every file a chat holds, and only that chat’s', async () => {
		const { db, files, calls } = setup();
		await db.files.bulkPut([
			row('held'),
			row('partial', { state: 'receiving', have: [[0, 1]] }),
			row('never', { state: 'waiting', have: [] }),
			row('mine', { direction: 'out', state: 'sending', blob: new Blob(['x']) }),
			row('elsewhere', { conversationId: 'other' })
		]);
		expect(await files.deleteFilesOf('chat')).toBe(3);
		expect(calls.sort()).toEqual(['remove held', 'remove mine', 'remove partial']);
		expect(files.rows.get('held' as MessageId)?.state).toBe('removed');
	});

	it('reads the largest file to accept, 4 GiB unless set, and ignores a damaged setting', async () => {
		const { db, files } = setup();
		expect(await files.maxFileBytes()).toBe(DEFAULT_MAX_FILE_BYTES);
		await files.setMaxFileBytes(100e6);
		expect(await files.maxFileBytes()).toBe(100e6);
		await putSetting(db, MAX_FILE_BYTES_KEY, 'lots');
		expect(await files.maxFileBytes()).toBe(DEFAULT_MAX_FILE_BYTES);
		await putSetting(db, MAX_FILE_BYTES_KEY, -5);
		expect(await files.maxFileBytes()).toBe(DEFAULT_MAX_FILE_BYTES);
		await expect(files.setMaxFileBytes(0)).rejects.toThrow(RangeError);
	});

	it('sends the caption only when there is one', async () => {
		const { files } = setup();
		const seen: unknown[] = [];
		files.api.sendFiles = async (_conversation, _files, options) => (seen.push(options), []);
		await files.send('chat', [], '');
		await files.send('chat', [], 'hello');
		expect(seen).toEqual([{}, { caption: 'hello' }]);
	});

	it('reads a watched file again as soon as a write to its row commits, and reads nothing while nothing changes', async () => {
		const { db, files } = setup();
		await db.files.put(row('m', { state: 'receiving', have: [] }));
		const reads = vi.spyOn(db.files, 'bulkGet');
		const setInterval = vi.spyOn(globalThis, 'setInterval');
		const stop = files.watch('m' as MessageId);
		await expect.poll(() => files.rows.get('m' as MessageId)?.state).toBe('receiving');
		const settled = reads.mock.calls.length;
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(reads.mock.calls.length).toBe(settled);
		expect(setInterval).not.toHaveBeenCalled();
		await db.transaction('rw', db.files, async () => {
			await db.files.update('m', { have: [[0, 1]] });
			await db.files.update('m', { state: 'complete' });
		});
		await expect.poll(() => files.rows.get('m' as MessageId)?.state).toBe('complete');
		expect(reads.mock.calls.length).toBe(settled + 1);
		stop();
	});

	it('does not read rows that no card shows or keeps; forgets a row that is deleted; stops following on close', async () => {
		const { db, files } = setup();
		await db.files.bulkPut([row('shown'), row('other')]);
		const stop = files.watch('shown' as MessageId);
		await expect.poll(() => files.rows.has('shown' as MessageId)).toBe(true);
		const reads = vi.spyOn(db.files, 'bulkGet');
		await db.files.update('other', { state: 'removed' });
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(reads).not.toHaveBeenCalled();
		await db.files.delete('shown');
		await expect.poll(() => files.rows.has('shown' as MessageId)).toBe(false);
		files.close();
		await db.files.put(row('shown', { state: 'waiting' }));
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(files.rows.has('shown' as MessageId)).toBe(false);
		stop();
	});

	it('shows the newest read when reads settle out of order', async () => {
		const { db, files } = setup();
		await db.files.put(row('m', { state: 'receiving' }));
		const real = db.files.bulkGet.bind(db.files);
		let first = true;
		// The first read settles 50 ms late, after a second one that saw a newer row.
		const slowFirst = async (keys: string[]) => {
			const found = await real(keys);
			if (first) {
				first = false;
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			return found;
		};
		vi.spyOn(db.files, 'bulkGet').mockImplementation(slowFirst as unknown as typeof real);
		const slow = files.refresh('m' as MessageId);
		await db.files.update('m', { state: 'complete' });
		await files.refresh('m' as MessageId);
		await slow;
		expect(files.rows.get('m' as MessageId)?.state).toBe('complete');
	});

	it('reads a watched file again while it arrives, until it is complete', async () => {
		const { db, files } = setup();
		await db.files.put(row('m', { state: 'receiving', have: [] }));
		const stop = files.watch('m' as MessageId);
		await expect.poll(() => files.rows.get('m' as MessageId)?.state).toBe('receiving');
		await db.files.update('m', { state: 'complete', have: [[0, 1]] });
		await expect.poll(() => files.rows.get('m' as MessageId)?.state).toBe('complete');
		stop();
	});

	it('finds a watched file whose row was not written yet (its message showed before the commit)', async () => {
		const { db, files } = setup();
		const stop = files.watch('late' as MessageId);
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(files.rows.has('late' as MessageId)).toBe(false);
		await db.files.put(row('late', { state: 'cancelled', have: [] }));
		await expect.poll(() => files.rows.get('late' as MessageId)?.state).toBe('cancelled');
		stop();
	});

	it('forgets a transfer when its last bytes arrive (the row’s write shows what follows)', () => {
		const { files, events } = setup();
		events.emit('fileProgress', progress(5, 10));
		expect(files.transfers.has('m' as MessageId)).toBe(true);
		events.emit('fileProgress', progress(10, 10));
		expect(files.transfers.has('m' as MessageId)).toBe(false);
	});
});

describe('FileActions row cache', () => {
	it('keeps the rows of cards on screen and forgets the oldest off screen beyond MAX_CACHED_ROWS', async () => {
		const { db, files } = setup();
		const ids = Array.from({ length: MAX_CACHED_ROWS + 5 }, (_, i) => `r${i}` as MessageId);
		await db.files.bulkPut(ids.map((id) => row(id)));
		const kept = files.watch(ids[0]!);
		const stops = ids.slice(1).map((id) => files.watch(id));
		await expect.poll(() => files.rows.size).toBe(ids.length);
		for (const stop of stops) stop();
		expect(files.rows.size).toBe(MAX_CACHED_ROWS);
		expect(files.rows.has(ids[0]!)).toBe(true);
		expect(files.rows.has(ids[1]!)).toBe(false);
		expect(files.rows.has(ids.at(-1)!)).toBe(true);
		kept();
	});
});
