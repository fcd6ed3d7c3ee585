import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { hexOf } from '../../../src/lib/files/hex';
import { BlobReader } from '../../../src/lib/messenger/files/blob-reader';
import { HIGH_WATER_BYTES } from '../../../src/lib/messenger/files/file-deps';
import { fileBytes, FileScene, SCENE_CIPHERS } from './file-scene';

const CHUNKS = 30;
const SIZE = (CHUNKS - 1) * CHUNK_BYTES + 77;

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

/** The first read of chunk 0 waits until released, then reads or fails as told. */
function gateFirstRead(outcome: 'reads' | 'fails') {
	let release!: () => void;
	const gate = new Promise<void>((resolve) => (release = resolve));
	const seen = { waiting: false };
	const read = BlobReader.prototype.read;
	vi.spyOn(BlobReader.prototype, 'read').mockImplementation(async function (this: BlobReader, start, end) {
		if (start === 0 && !seen.waiting) {
			seen.waiting = true;
			await gate;
			if (outcome === 'fails') throw new Error('the reader was closed');
		}
		return read.call(this, start, end);
	});
	return { seen, release };
}

/** Streams of our files opened and neither read to their end nor cancelled. */
function countOpenStreams() {
	const open = { count: 0 };
	const stream = Blob.prototype.stream;
	vi.spyOn(Blob.prototype, 'stream').mockImplementation(function (this: Blob) {
		const inner = stream.call(this).getReader();
		open.count += 1;
		let ended = false;
		const end = () => {
			if (!ended) open.count -= 1;
			ended = true;
		};
		// Pulled only when read (no piece ahead), so its end is seen only if read to it.
		return new ReadableStream({
			async pull(controller) {
				const { done, value } = await inner.read();
				if (done) {
					end();
					controller.close();
				} else controller.enqueue(value);
			},
			cancel(reason) {
				end();
				return inner.cancel(reason);
			}
		}, { highWaterMark: 0 });
	});
	return open;
}

afterEach(() => {
	vi.restoreAllMocks();
});

describe.each(SCENE_CIPHERS)('serving a file that stops while its chunk is read (%s)', (_name, cipher) => {
	it.each(['reads', 'fails'] as const)('cancelled by us: the chunk whose read then %s is neither sent nor logged missing', async (outcome) => {
		const scene = await FileScene.pair(cipher);
		const a = scene.peer('a');
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(SIZE, 21));
		const { seen, release } = gateFirstRead(outcome);
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(() => seen.waiting, 'reading chunk 0');
		a.server.stop(messageId);
		release();
		await settle();
		expect(a.pipes.get(scene.peer('b').id)!.sentFrames).toBe(0);
		expect(a.log.map((entry) => entry.reason)).not.toContain('file-chunk-missing');
	}, 30_000);

	it('its channel closed: the failed read is not logged missing, and the next session serves it whole', async () => {
		const scene = await FileScene.pair(cipher);
		const a = scene.peer('a');
		const bytes = fileBytes(SIZE, 22);
		const { messageId, hash, rows } = await scene.send('a', ['b'], bytes);
		const { seen, release } = gateFirstRead('fails');
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(() => seen.waiting, 'reading chunk 0');
		scene.disconnect('a', 'b');
		release();
		await settle();
		expect(a.log.map((entry) => entry.reason)).not.toContain('file-chunk-missing');
		scene.connect('a', 'b');
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete');
		expect(Buffer.compare(await scene.stored('b', hexOf(hash), CHUNKS), bytes)).toBe(0);
	}, 30_000);
});

describe.each(SCENE_CIPHERS)('the stream our file is read from (%s)', (_name, cipher) => {
	async function midway(scene: FileScene, seed: number) {
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(SIZE, seed));
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		const pipe = scene.peer('a').pipes.get(scene.peer('b').id)!;
		await scene.until(() => pipe.sentFrames >= 3, 'three chunks sent');
		// Another sender's backlog fills the channel: serving waits midway, its stream open.
		pipe.buffered += HIGH_WATER_BYTES;
		await settle();
		return messageId;
	}

	it('is let go of when the file has been served to its end', async () => {
		const open = countOpenStreams();
		const scene = await FileScene.pair(cipher);
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(SIZE, 23));
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete');
		await settle();
		expect(open.count).toBe(0);
	}, 30_000);

	it('is let go of when we cancel midway', async () => {
		const open = countOpenStreams();
		const scene = await FileScene.pair(cipher);
		const messageId = await midway(scene, 24);
		expect(open.count).toBe(1);
		scene.peer('a').server.stop(messageId);
		await settle();
		expect(open.count).toBe(0);
	}, 30_000);

	it('is let go of when the channel closes midway', async () => {
		const open = countOpenStreams();
		const scene = await FileScene.pair(cipher);
		await midway(scene, 25);
		expect(open.count).toBe(1);
		scene.disconnect('a', 'b');
		await settle();
		expect(open.count).toBe(0);
	}, 30_000);
});

describe.each(SCENE_CIPHERS)('a full channel (%s)', (_name, cipher) => {
	it('is waited on with one drain listener, and one left on it when it closes does not stall the next session', async () => {
		const scene = await FileScene.pair(cipher);
		const bytes = fileBytes(SIZE, 27);
		const { messageId, hash, rows } = await scene.send('a', ['b'], bytes);
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		const pipe = scene.peer('a').pipes.get(scene.peer('b').id)!;
		let listeners = 0;
		const onDrain = pipe.onDrain.bind(pipe);
		pipe.onDrain = (listener) => {
			listeners += 1;
			return onDrain(listener);
		};
		// Full before the first chunk (another sender's backlog): it waits for the drain.
		pipe.buffered += HIGH_WATER_BYTES;
		await settle();
		expect(listeners).toBe(1);
		expect(pipe.sentFrames).toBe(0);
		// The channel closes still full; the next one fills and drains as it should.
		scene.disconnect('a', 'b');
		scene.connect('a', 'b');
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete');
		expect(Buffer.compare(await scene.stored('b', hexOf(hash), CHUNKS), bytes)).toBe(0);
	}, 30_000);
});
