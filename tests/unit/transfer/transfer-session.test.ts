import { beforeAll, describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../../src/lib/backup/backup-records';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import { FakeFileChannel } from '../../../src/lib/net/fake-file-channel';
import type { OldDeviceState } from '../../../src/lib/transfer/old-device-state';
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
});
