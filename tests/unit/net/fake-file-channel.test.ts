import { describe, expect, it } from 'vitest';
import { MAX_CHUNK_FRAME_BYTES } from '../../../src/lib/files/chunk-frame';
import { FILE_STREAM_ID, LEGACY_FILE_STREAM_ID } from '../../../src/lib/files/file-stream';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import type { PeerId } from '../../../src/lib/ids/peer-id';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

async function linkedPair() {
	const network = new FakeNetwork();
	const a = network.createTransport();
	const b = network.createTransport();
	a.start('paaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' as PeerId);
	b.start('pbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' as PeerId);
	const inbound = new Promise<import('../../../src/lib/net/transport').Link>((resolve) => b.on('link', resolve));
	const out = a.dial('pbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' as PeerId);
	const theirs = await inbound;
	await tick();
	return { out, theirs };
}

describe('the in-memory file channel', () => {
	it('opens once both ends ask for it, delivers in order, and reports its buffer', async () => {
		const { out, theirs } = await linkedPair();
		const mine = out.fileChannel(FILE_STREAM_ID)!;
		await tick();
		expect(mine.isOpen).toBe(false);
		const other = theirs.fileChannel(FILE_STREAM_ID)!;
		const got: number[] = [];
		other.on('message', (frame) => got.push(frame[0] as number));
		await tick();
		expect(mine.isOpen && other.isOpen).toBe(true);
		let drained = 0;
		mine.onDrain(() => (drained += 1));
		for (let i = 0; i < 5; i++) mine.send(new Uint8Array(60_000).fill(i));
		expect(mine.bufferedAmount).toBe(300_000);
		await tick();
		expect(got).toEqual([0, 1, 2, 3, 4]);
		expect(mine.bufferedAmount).toBe(0);
		expect(drained).toBeGreaterThan(0);
		expect(out.fileChannel(FILE_STREAM_ID)).toBe(mine);
	});

	it('drops frames larger than a chunk frame, and closes with its link', async () => {
		const { out, theirs } = await linkedPair();
		const mine = out.fileChannel(FILE_STREAM_ID)!;
		const other = theirs.fileChannel(FILE_STREAM_ID)!;
		await tick();
		let got = 0;
		other.on('message', () => (got += 1));
		mine.send(new Uint8Array(MAX_CHUNK_FRAME_BYTES + 1));
		await tick();
		expect(got).toBe(0);
		expect(other.oversized).toBe(1);
		out.close();
		await tick();
		expect(mine.isOpen || other.isOpen).toBe(false);
	});

	it('pairs two ends only on the same stream, as negotiated data channels do', async () => {
		const { out, theirs } = await linkedPair();
		const mine = out.fileChannel(FILE_STREAM_ID)!;
		const legacy = theirs.fileChannel(LEGACY_FILE_STREAM_ID)!;
		await tick();
		expect(mine.isOpen || legacy.isOpen).toBe(false);
		const other = theirs.fileChannel(FILE_STREAM_ID)!;
		await tick();
		expect(mine.isOpen && other.isOpen).toBe(true);
		expect(legacy.isOpen).toBe(false);
		expect(out.fileChannel(LEGACY_FILE_STREAM_ID)).not.toBe(mine);
	});
});
