import { beforeAll, describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../../src/lib/backup/backup-records';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import { FakeFileChannel } from '../../../src/lib/net/fake-file-channel';
import type { OldDeviceState } from '../../../src/lib/transfer/old-device-state';
import { ABORT_MESSAGE, doneMessage } from '../../../src/lib/transfer/transfer-done';
import { startNewDevice } from '../../../src/lib/transfer/transfer-handshake';
import { PIECE_BYTES, WINDOW_BYTES } from '../../../src/lib/transfer/transfer-pump';
import { receiveFromOldDevice, sendToNewDevice } from '../../../src/lib/transfer/transfer-session';
import type { OpenedTransfer } from '../../../src/lib/transfer/transfer-stream';
import { iterate, manifest, sent } from '../backup/backup-fixtures';

let sodium: Sodium;
beforeAll(async () => {
	sodium = await loadSodium();
});

const RECORDS: BackupRecord[] = [manifest(300), ...Array.from({ length: 300 }, (_, i) => sent(i, 'y'.repeat(600)))];

async function openPair(): Promise<[FakeFileChannel, FakeFileChannel]> {
	const a = new FakeFileChannel();
	const b = new FakeFileChannel();
	FakeFileChannel.pair(a, b);
	await new Promise((resolve) => setTimeout(resolve, 0));
	return [a, b];
}

async function collect(opened: OpenedTransfer, into: BackupRecord[]): Promise<void> {
	for await (const record of opened.records) into.push(record);
}

/** Runs both sides; `tamper` may change frames from the old device before the new one sees them. */
async function transfer(oldSecret: Uint8Array, newSecret: Uint8Array, tamper?: (frame: Uint8Array, index: number) => Uint8Array | null) {
	const [old, fresh] = await openPair();
	if (tamper) {
		let index = 0;
		const send = old.send.bind(old);
		old.send = (frame) => {
			const changed = tamper(frame, index++);
			if (changed === null) old.close();
			else send(changed as Uint8Array<ArrayBuffer>);
		};
	}
	const states: OldDeviceState[] = [];
	const restored: BackupRecord[] = [];
	const oldSide = sendToNewDevice(old, { sodium, secret: oldSecret, files: true, records: () => iterate(RECORDS), onState: (s) => states.push(s) });
	const newSide = receiveFromOldDevice(fresh, { sodium, secret: newSecret, restore: (opened) => collect(opened, restored) }).then(
		() => null,
		(error: unknown) => {
			fresh.close();
			return error instanceof Error ? error.message : 'other';
		}
	);
	const [final, newError] = await Promise.all([oldSide, newSide]);
	return { final, newError, restored, states };
}

describe('device transfer, both sides', () => {
	it('moves every record and retires the old device once the new one is done', async () => {
		const secret = sodium.randombytes_buf(32);
		const { final, newError, restored, states } = await transfer(secret, secret);
		expect(newError).toBeNull();
		expect(restored).toEqual(RECORDS);
		expect(final.phase).toBe('retired');
		expect(states.some((s) => s.phase === 'sending' && s.sentBytes > 0)).toBe(true);
	});

	it('sends nothing to a new device with the wrong secret, and keeps the identity', async () => {
		const { final, newError, restored } = await transfer(sodium.randombytes_buf(32), sodium.randombytes_buf(32));
		expect(newError).toMatch(/wrong-secret/);
		expect(restored).toEqual([]);
		expect(final.phase).toBe('failed');
	});

	it('refuses a chunk changed on the way: the new device restores nothing, the old one keeps the identity', async () => {
		const secret = sodium.randombytes_buf(32);
		const { final, newError } = await transfer(secret, secret, (frame, index) => {
			// 0 is the reply, 1 the stream header, 2 onwards 16 KiB pieces of the first chunk.
			if (index !== 4) return frame;
			const changed = frame.slice();
			changed[100]! ^= 1;
			return changed;
		});
		expect(newError).toMatch(/damaged/);
		expect(final.phase).toBe('failed');
	});

	it('refuses a stream cut short, and the old device keeps the identity', async () => {
		const secret = sodium.randombytes_buf(32);
		const { final, newError } = await transfer(secret, secret, (frame, index) => (index === 8 ? null : frame));
		expect(newError).toMatch(/truncated/);
		expect(final.phase).toBe('failed');
	});

	// A new device that proves the code, then says `done` (or `abort`) mid-stream and stops reading
	// without closing: the old device must give up at once (closing the link) instead of waiting
	// for credit that never comes with its identity held offline and Cancel no longer offered.
	for (const [name, early, reason] of [
		['an early done', (key: Uint8Array) => doneMessage(sodium, key), 'done before the end of the stream'],
		['an abort', () => ABORT_MESSAGE, 'the new device could not restore']
	] as const) {
		it(`ends the transfer on ${name} from a new device that then stops reading`, async () => {
			const secret = sodium.randombytes_buf(32);
			const [old, fresh] = await openPair();
			// More than the credit window: the pump must wait for credit the new device never grants.
			const big = [manifest(700), ...Array.from({ length: 700 }, (_, i) => sent(i, 'y'.repeat(8000)))];
			const states: OldDeviceState[] = [];
			const oldSide = sendToNewDevice(old, { sodium, secret, files: true, records: () => iterate(big), onState: (s) => states.push(s) });
			const handshake = startNewDevice(sodium, secret);
			const frames: Uint8Array[] = [];
			let wake: (() => void) | null = null;
			fresh.on('message', (frame) => {
				frames.push(frame);
				wake?.();
			});
			fresh.send(handshake.hello as Uint8Array<ArrayBuffer>);
			while (frames.length === 0) await new Promise<void>((resolve) => (wake = resolve));
			const { confirm, streamKey } = handshake.onReply(frames[0]!);
			fresh.send(confirm as Uint8Array<ArrayBuffer>);
			// The whole window arrived: the old device now waits for credit.
			const received = (): number => frames.reduce((sum, frame) => sum + frame.length - 1, 0);
			while (received() < WINDOW_BYTES - PIECE_BYTES) await new Promise<void>((resolve) => (wake = resolve));
			fresh.send(early(streamKey) as Uint8Array<ArrayBuffer>);
			const final = await Promise.race([oldSide, new Promise<null>((resolve) => setTimeout(() => resolve(null), 2_000))]);
			expect(final?.phase).toBe('failed');
			expect(old.isOpen).toBe(false);
			// The first reason stays (the UI words it), not the cut link that followed.
			expect(final).toEqual({ phase: 'failed', reason });
			expect(states.at(-1)).toEqual({ phase: 'failed', reason });
		});
	}
});
