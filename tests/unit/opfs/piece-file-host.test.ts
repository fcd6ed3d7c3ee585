import { describe, expect, it } from 'vitest';
import { isNoSpace, MAX_OPEN_FILES, PieceFileError, PieceFileHost } from '../../../src/lib/opfs/piece-file-host';
import { FakeFs } from './fake-opfs';

// The piece-file worker's engine over an in-memory OPFS with the real one's rules (fake-opfs.ts).

const HASH = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill);

async function setup(quota = Infinity) {
	const fs = new FakeFs();
	fs.quota = quota;
	return { fs, host: new PieceFileHost(fs.rootHandle, 'files-parley') };
}

function stored(fs: FakeFs, hash = HASH): Uint8Array | undefined {
	return fs.root.folders.get('files-parley')?.files.get(hash)?.bytes;
}

describe('PieceFileHost', () => {
	it('writes pieces at their offsets into one file per hash, made its whole size at the first write', async () => {
		const { fs, host } = await setup();
		await host.write(HASH, 1000, [{ at: 600, bytes: bytes(400, 2) }]);
		expect(stored(fs)?.length).toBe(1000);
		await host.write(HASH, 1000, [{ at: 0, bytes: bytes(600, 1) }]);
		const file = stored(fs) as Uint8Array;
		expect([file[0], file[599], file[600], file[999]]).toEqual([1, 1, 2, 2]);
		// Made whole once, not grown write by write (BENCHMARKS: growing cost the browser more).
		expect(fs.truncates).toBe(1);
	});

	it('a file the quota cannot hold is refused as full before any byte, with either browser\'s error name', async () => {
		for (const name of ['QuotaExceededError', 'NS_ERROR_FILE_NO_DEVICE_SPACE']) {
			const { fs, host } = await setup(500);
			fs.quotaErrorName = name;
			const refused = await host.write(HASH, 1000, [{ at: 0, bytes: bytes(100, 1) }]).catch((error: unknown) => error);
			expect(refused).toBeInstanceOf(PieceFileError);
			expect((refused as PieceFileError).full).toBe(true);
			expect(fs.writes).toBe(0);
			expect(fs.used()).toBe(0);
		}
	});

	it('isNoSpace: quota names are "full", other failures are not', () => {
		const named = (name: string) => Object.assign(new Error('x'), { name });
		expect(isNoSpace(named('QuotaExceededError'))).toBe(true);
		expect(isNoSpace(named('NS_ERROR_FILE_NO_DEVICE_SPACE'))).toBe(true);
		expect(isNoSpace(named('InvalidStateError'))).toBe(false);
		expect(isNoSpace('QuotaExceededError')).toBe(false);
	});

	it('refuses a piece outside the file and a name that is not a content hash', async () => {
		const { fs, host } = await setup();
		await expect(host.write(HASH, 100, [{ at: 50, bytes: bytes(51, 1) }])).rejects.toThrow(/outside the file/);
		await expect(host.write(HASH, 100, [{ at: -1, bytes: bytes(1, 1) }])).rejects.toThrow(/outside the file/);
		await expect(host.write('../escape', 100, [{ at: 0, bytes: bytes(1, 1) }])).rejects.toThrow(/content hash/);
		await expect(host.write(HASH.toUpperCase(), 100, [{ at: 0, bytes: bytes(1, 1) }])).rejects.toThrow(/content hash/);
		expect(fs.used()).toBe(0);
	});

	it('removes a file it holds open (the handle closes first), and a missing one is no error', async () => {
		const { fs, host } = await setup();
		await host.write(HASH, 10, [{ at: 0, bytes: bytes(10, 1) }]);
		await host.remove(HASH);
		expect(stored(fs)).toBeUndefined();
		await host.remove(HASH);
		// Written again after: a new file, not the closed handle.
		await host.write(HASH, 10, [{ at: 0, bytes: bytes(10, 3) }]);
		expect(stored(fs)?.[0]).toBe(3);
	});

	it('keeps at most MAX_OPEN_FILES handles open, closing the least recently written', async () => {
		const { fs, host } = await setup();
		const hashes = Array.from({ length: MAX_OPEN_FILES + 2 }, (_, i) => i.toString(16).padStart(64, '0'));
		for (const hash of hashes) await host.write(hash, 4, [{ at: 0, bytes: bytes(4, 1) }]);
		expect(host.openCount).toBe(MAX_OPEN_FILES);
		const folder = fs.root.folders.get('files-parley')!;
		expect(folder.files.get(hashes[0]!)?.open).toBe(false);
		expect(folder.files.get(hashes.at(-1)!)?.open).toBe(true);
		// A closed file is opened again for its next write.
		await host.write(hashes[0]!, 4, [{ at: 0, bytes: bytes(4, 9) }]);
		expect(folder.files.get(hashes[0]!)?.bytes[0]).toBe(9);
	});

	it('close flushes and lets another handle open; removeAll takes the folder with open files', async () => {
		const { fs, host } = await setup();
		await host.write(HASH, 4, [{ at: 0, bytes: bytes(4, 1) }]);
		await host.write(OTHER, 4, [{ at: 0, bytes: bytes(4, 1) }]);
		host.close(HASH);
		expect(fs.root.folders.get('files-parley')!.files.get(HASH)!.open).toBe(false);
		await host.removeAll();
		expect(fs.root.folders.has('files-parley')).toBe(false);
		expect(host.openCount).toBe(0);
		await host.removeAll();
	});
});
