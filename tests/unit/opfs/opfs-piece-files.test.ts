import { afterEach, describe, expect, it, vi } from 'vitest';
import { OpfsPieceFiles, pieceFolderOf, removeOrphanPieceFolders, type PieceWorkerLike } from '../../../src/lib/opfs/opfs-piece-files';
import { FakeFs } from './fake-opfs';

// The page's side of the piece-file worker: a worker that stops answering (killed by the browser
// without an error event, hung on a disk) must not leave the page waiting forever.

afterEach(() => {
	vi.useRealTimers();
});

describe('the piece-file worker adapter', () => {
	it('a worker that never answers fails its requests after a while, and every later one at once', async () => {
		vi.useFakeTimers();
		let terminated = false;
		const silent: PieceWorkerLike = { postMessage: () => undefined, addEventListener: () => undefined, terminate: () => (terminated = true) };
		const files = new OpfsPieceFiles(silent, 'files-x', new FakeFs().rootHandle, 1_000);
		const write = files.write('ab'.repeat(32), 10, [{ at: 0, bytes: new Uint8Array(10) }]);
		const outcome = write.then(
			() => 'written',
			(error: unknown) => (error instanceof Error ? error.message : 'failed')
		);
		await vi.advanceTimersByTimeAsync(1_001);
		expect(await outcome).toMatch(/does not answer/);
		expect(terminated).toBe(true);
		await expect(files.remove('ab'.repeat(32))).rejects.toThrow(/does not answer/);
	});
});

describe('sealed chunks handed to the worker', () => {
	it('move a frame\'s own buffer, but clone a view of a larger buffer others may share', async () => {
		const posted: { message: unknown; transfer: Transferable[] }[] = [];
		const worker: PieceWorkerLike = { postMessage: (message, transfer = []) => void posted.push({ message, transfer }), addEventListener: () => undefined, terminate: () => undefined };
		const files = new OpfsPieceFiles(worker, 'files-x', new FakeFs().rootHandle, 1_000);
		const frame = new Uint8Array(37 + 1_000);
		const shared = new Uint8Array(4 * 1024 * 1024);
		void files.sealed.write('ab'.repeat(32), 2_000, new Uint8Array(32), [
			{ index: 0, sealed: frame.subarray(37) },
			{ index: 1, sealed: shared.subarray(100, 1_100) }
		]);
		expect(posted).toHaveLength(1);
		expect(posted[0]!.transfer).toEqual([frame.buffer]);
	});
});

describe('piece folders of databases that are gone', () => {
	it('are removed at start; those of existing databases and other folders stay', async () => {
		const fs = new FakeFs();
		const root = await fs.rootHandle();
		for (const name of [pieceFolderOf('parley'), pieceFolderOf('parley-restore-old'), 'other']) await root.getDirectoryHandle(name, { create: true });
		await removeOrphanPieceFolders(async () => ['parley'], fs.rootHandle);
		expect([...fs.root.folders.keys()].sort()).toEqual(['files-parley', 'other']);
	});
});
