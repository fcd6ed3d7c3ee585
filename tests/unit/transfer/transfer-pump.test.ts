import { afterEach, describe, expect, it } from 'vitest';
import { BackupError } from '../../../src/lib/backup/backup-error';
import { FakeFileChannel } from '../../../src/lib/net/fake-file-channel';
import { PIECE_BYTES, pumpTransfer, receiveTransfer, WINDOW_BYTES } from '../../../src/lib/transfer/transfer-pump';
import { concat, iterate } from '../backup/backup-fixtures';

async function openPair(): Promise<[FakeFileChannel, FakeFileChannel]> {
	const a = new FakeFileChannel();
	const b = new FakeFileChannel();
	FakeFileChannel.pair(a, b);
	await new Promise((resolve) => setTimeout(resolve, 0));
	return [a, b];
}

let channels: FakeFileChannel[] = [];
afterEach(() => {
	for (const channel of channels) channel.close();
	channels = [];
});

function bytes(length: number, seed: number): Uint8Array {
	return Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);
}

async function drain(source: AsyncIterable<Uint8Array>, perPiece: () => Promise<void> = async () => {}): Promise<Uint8Array> {
	const parts: Uint8Array[] = [];
	for await (const part of source) {
		parts.push(part.slice());
		await perPiece();
	}
	return concat(parts);
}

describe('transfer pump', () => {
	it('delivers the stream byte for byte and ends at the end frame while the channel stays open', async () => {
		const [old, fresh] = await openPair();
		channels = [old, fresh];
		const chunks = [bytes(70_000, 1), bytes(5, 2), bytes(200_000, 3)];
		const received = drain(receiveTransfer(fresh));
		const progress: number[] = [];
		expect(await pumpTransfer(old, iterate(chunks), (n) => progress.push(n))).toBe(270_005);
		// Compared as buffers: an element-wise toEqual of 270 kB took seconds on a loaded machine.
		const got = await received;
		expect(got.length).toBe(270_005);
		expect(Buffer.from(got).equals(Buffer.from(concat(chunks)))).toBe(true);
		expect(progress.at(-1)).toBe(270_005);
		expect(fresh.isOpen).toBe(true);
	});

	it('never has more than the window in flight when the receiver is slow', async () => {
		const [old, fresh] = await openPair();
		channels = [old, fresh];
		let sentBytes = 0;
		let consumedBytes = 0;
		let worst = 0;
		const total = WINDOW_BYTES * 2;
		const received = drain(receiveTransfer(fresh), async () => {
			consumedBytes += PIECE_BYTES;
			worst = Math.max(worst, sentBytes - consumedBytes);
			await new Promise((resolve) => setTimeout(resolve, 0));
		});
		await pumpTransfer(old, iterate([bytes(total, 4)]), (n) => (sentBytes = n));
		expect((await received).length).toBe(total);
		expect(worst).toBeLessThanOrEqual(WINDOW_BYTES);
	});

	it('refuses a sender that ignores the window, without buffering its flood', async () => {
		const [old, fresh] = await openPair();
		channels = [old, fresh];
		const received = drain(receiveTransfer(fresh), () => new Promise((resolve) => setTimeout(resolve, 50)));
		const piece = new Uint8Array(PIECE_BYTES + 1);
		piece[0] = 0x10;
		for (let sent = 0; sent <= WINDOW_BYTES + 2 * PIECE_BYTES; sent += PIECE_BYTES) old.send(piece);
		await expect(received).rejects.toThrow(BackupError);
	});

	it('refuses a frame that is not data, and ends early when the sender goes away', async () => {
		const [old, fresh] = await openPair();
		channels = [old, fresh];
		const received = drain(receiveTransfer(fresh));
		old.send(new Uint8Array([0x42, 1, 2]));
		await expect(received).rejects.toThrow('damaged');

		const [a, b] = await openPair();
		channels.push(a, b);
		const cut = drain(receiveTransfer(b));
		const frame = new Uint8Array(11);
		frame[0] = 0x10;
		a.send(frame);
		setTimeout(() => a.close(), 5);
		expect((await cut).length).toBe(10);
	});

	it('gives up on a sender that goes silent mid-stream without closing, but never while the receiver itself is slow', async () => {
		const [old, fresh] = await openPair();
		channels = [old, fresh];
		const received = drain(receiveTransfer(fresh, 60), () => new Promise((resolve) => setTimeout(resolve, 150)));
		const data = new Uint8Array(1 + 10);
		data[0] = 0x10;
		// Two pieces: the receiver takes 150 ms over the first (its own slowness), then the sender stays silent.
		old.send(data);
		old.send(data);
		const error = await received.then(
			() => null,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(BackupError);
		expect((error as BackupError).failure).toBe('truncated');
		expect((error as BackupError).message).toMatch(/silent/u);
	});
});
