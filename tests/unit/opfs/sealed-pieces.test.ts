import { describe, expect, it } from 'vitest';
import { ContentHasher } from '../../../src/lib/crypto/file-cipher';
import { GcmFileCipher } from '../../../src/lib/crypto/file-cipher-gcm';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { hexOf } from '../../../src/lib/files/hex';
import { PieceFileHost } from '../../../src/lib/opfs/piece-file-host';
import { SealedPieceWriter, type SealedChunk } from '../../../src/lib/opfs/sealed-pieces';
import { fileBytes } from '../files/file-scene';
import { FakeFs } from './fake-opfs';

// The receiver's per-chunk work in the piece-file worker: open each sealed chunk, hash the file
// while chunks come in order, write only what opened. Over an in-memory OPFS.

const CHUNKS = 5;
const SIZE = (CHUNKS - 1) * CHUNK_BYTES + 300;
const FOLDER = 'files-test';

async function setup(quota = Infinity) {
	const sodium = await loadSodium();
	const fs = new FakeFs();
	fs.quota = quota;
	const writer = new SealedPieceWriter(new PieceFileHost(fs.rootHandle, FOLDER), () => Promise.resolve(sodium));
	const bytes = fileBytes(SIZE, 4);
	const hasher = new ContentHasher(sodium);
	hasher.update(bytes);
	const contentHash = hasher.digest();
	const key = sodium.randombytes_buf(32);
	const cipher = new GcmFileCipher(key, contentHash);
	const plain = (index: number) => bytes.subarray(index * CHUNK_BYTES, Math.min(SIZE, (index + 1) * CHUNK_BYTES));
	const sealed = async (index: number): Promise<SealedChunk> => ({ index, sealed: await cipher.seal(index, plain(index)) });
	const hash = hexOf(contentHash);
	const onDisk = () => fs.root.folders.get(FOLDER)?.files.get(hash)?.bytes ?? new Uint8Array(0);
	return { fs, writer, bytes, key, hash, contentHash, sealed, plain, onDisk };
}

const all = (count: number) => Array.from({ length: count }, (_, index) => index);

describe('sealed chunks written by the piece-file worker', () => {
	it('opens, writes and hashes a file that comes in order: the digest is the file\'s name', async () => {
		const { writer, key, hash, contentHash, sealed, bytes, onDisk } = await setup();
		const first = await writer.write(hash, SIZE, key, await Promise.all([0, 1, 2].map(sealed)));
		const rest = await writer.write(hash, SIZE, key, await Promise.all([3, 4].map(sealed)));
		expect([first, rest]).toEqual([
			{ stored: [0, 1, 2], refused: [] },
			{ stored: [3, 4], refused: [] }
		]);
		expect(Buffer.compare(onDisk(), bytes)).toBe(0);
		expect(writer.digest(hash, CHUNKS)).toEqual(contentHash);
		expect(writer.streamCount).toBe(0);
	});

	it('refuses a tampered chunk and writes nothing of it; the running hash ends (the page reads the file back)', async () => {
		const { writer, key, hash, sealed, plain, onDisk } = await setup();
		const chunks = await Promise.all(all(CHUNKS).map(sealed));
		const tampered = chunks[2]!.sealed.slice();
		tampered[10]! ^= 1;
		chunks[2] = { index: 2, sealed: tampered };
		expect(await writer.write(hash, SIZE, key, chunks)).toEqual({ stored: [0, 1, 3, 4], refused: [2] });
		expect(onDisk().subarray(2 * CHUNK_BYTES, 3 * CHUNK_BYTES).every((byte) => byte === 0)).toBe(true);
		expect(Buffer.compare(onDisk().subarray(3 * CHUNK_BYTES, 4 * CHUNK_BYTES), plain(3))).toBe(0);
		// Chunk 2, sent again honestly, is stored; but the hash saw a gap: no digest to trust.
		expect(await writer.write(hash, SIZE, key, [await sealed(2)])).toEqual({ stored: [2], refused: [] });
		expect(writer.digest(hash, CHUNKS)).toBeNull();
	});

	it('refuses a chunk under another key, or another index, or past the file\'s end', async () => {
		const { writer, key, hash, contentHash, sealed } = await setup();
		const one = await sealed(1);
		// Past the end, though sealed right under the key: refused alone, not failing the batch.
		const pastEnd = { index: CHUNKS, sealed: await new GcmFileCipher(key, contentHash).seal(CHUNKS, new Uint8Array(10)) };
		const outcome = await writer.write(hash, SIZE, key, [{ index: 0, sealed: one.sealed }, pastEnd, one]);
		expect(outcome).toEqual({ stored: [1], refused: [0, CHUNKS] });
		const otherKey = key.slice();
		otherKey[0]! ^= 1;
		expect(await writer.write(hash, SIZE, otherKey, [await sealed(0)])).toEqual({ stored: [], refused: [0] });
	});

	it('a resumed transfer (first chunk not the file\'s first) is written but not hashed here', async () => {
		const { writer, key, hash, sealed, bytes, onDisk } = await setup();
		await writer.write(hash, SIZE, key, await Promise.all([0, 1].map(sealed)));
		writer.forget(hash);
		expect(await writer.write(hash, SIZE, key, await Promise.all([2, 3, 4].map(sealed)))).toEqual({ stored: [2, 3, 4], refused: [] });
		expect(Buffer.compare(onDisk(), bytes)).toBe(0);
		expect(writer.digest(hash, CHUNKS)).toBeNull();
	});

	it('a digest asked before every chunk came is null and ends the stream; a stream from the first chunk hashes anew', async () => {
		const { writer, key, hash, contentHash, sealed } = await setup();
		await writer.write(hash, SIZE, key, await Promise.all([0, 1, 2].map(sealed)));
		expect(writer.digest(hash, CHUNKS)).toBeNull();
		await writer.write(hash, SIZE, key, await Promise.all(all(CHUNKS).map(sealed)));
		expect(writer.digest(hash, CHUNKS)).toEqual(contentHash);
	});

	it('a chunk written again with other bytes (an author sealing two versions) ends the running hash', async () => {
		// The hash must be of what is stored: chunk 0 hashed, then overwritten, would name the
		// announced file while the disk holds another.
		const { writer, key, hash, contentHash, sealed, onDisk } = await setup();
		await writer.write(hash, SIZE, key, [await sealed(0)]);
		const other = new GcmFileCipher(key, contentHash);
		await writer.write(hash, SIZE, key, [{ index: 0, sealed: await other.seal(0, new Uint8Array(CHUNK_BYTES).fill(7)) }]);
		await writer.write(hash, SIZE, key, await Promise.all([1, 2, 3, 4].map(sealed)));
		expect(onDisk()[0]).toBe(7);
		expect(writer.digest(hash, CHUNKS)).toBeNull();
	});

	it('a disk that refuses the file throws "full" and leaves no running hash behind', async () => {
		const { writer, key, hash, sealed } = await setup(SIZE - 1);
		await expect(writer.write(hash, SIZE, key, await Promise.all([0, 1].map(sealed)))).rejects.toMatchObject({ full: true });
		expect(writer.digest(hash, CHUNKS)).toBeNull();
	});
});

describe('sealed chunks whose lengths are not their place in the file (review s16)', () => {
	it('are refused: an author cannot make the running hash name bytes other than the stored ones', async () => {
		// The author holds the key: chunk 0 short, chunk 1 full. Their plaintexts concatenate to
		// the announced content, but written at their places (index x CHUNK_BYTES) they leave a
		// gap: what is stored does not hash to the file's name.
		const sodium = await loadSodium();
		const writer = new SealedPieceWriter(new PieceFileHost(new FakeFs().rootHandle, FOLDER), () => Promise.resolve(sodium));
		const content = fileBytes(CHUNK_BYTES + 5, 9);
		const hasher = new ContentHasher(sodium);
		hasher.update(content);
		const contentHash = hasher.digest();
		const key = sodium.randombytes_buf(32);
		const cipher = new GcmFileCipher(key, contentHash);
		const size = 2 * CHUNK_BYTES;
		const chunks = [
			{ index: 0, sealed: await cipher.seal(0, content.subarray(0, 5)) },
			{ index: 1, sealed: await cipher.seal(1, content.subarray(5)) }
		];
		const outcome = await writer.write(hexOf(contentHash), size, key, chunks);
		expect(outcome.refused).toEqual([0]);
		expect(writer.digest(hexOf(contentHash), 2)).toBeNull();
	});
});
