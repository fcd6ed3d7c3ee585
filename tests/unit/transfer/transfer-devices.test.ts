import { beforeAll, describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../../src/lib/backup/backup-records';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { TransferOffer, type IdentityControl } from '../../../src/lib/app/transfer-old-device';
import { takeTransfer } from '../../../src/lib/app/transfer-new-device';
import { newTransferCode, type TransferCode } from '../../../src/lib/transfer/transfer-link';
import type { OldDeviceState } from '../../../src/lib/transfer/old-device-state';
import type { OpenedTransfer } from '../../../src/lib/transfer/transfer-stream';
import { iterate, manifest, sent } from '../backup/backup-fixtures';

let sodium: Sodium;
beforeAll(async () => {
	sodium = await loadSodium();
});

const RECORDS: BackupRecord[] = [manifest(200), ...Array.from({ length: 200 }, (_, i) => sent(i, 'z'.repeat(400)))];

/** What happened to the old device's identity, in order. */
function identityLog(): IdentityControl & { events: string[] } {
	const events: string[] = [];
	return { events, pause: () => events.push('pause'), resume: () => events.push('resume'), retire: () => events.push('retire') };
}

function setup(options: { readOld?: () => void } = {}) {
	const network = new FakeNetwork();
	const code = newTransferCode(sodium);
	const identity = identityLog();
	const states: OldDeviceState[] = [];
	const oldTransport = network.createTransport();
	const offer = new TransferOffer({
		sodium,
		transport: oldTransport,
		code,
		files: true,
		records: () => {
			identity.events.push('read');
			options.readOld?.();
			return iterate(RECORDS);
		},
		identity,
		onState: (state) => states.push(state)
	});
	return { network, code, identity, states, offer, oldTransport };
}

function newDevice(network: FakeNetwork, code: TransferCode, restore: (opened: OpenedTransfer) => Promise<void>) {
	const transport = network.createTransport();
	return { transport, taken: takeTransfer({ sodium, transport, ownId: newTransferCode(sodium).code.peerId, code, restore }) };
}

async function collect(opened: OpenedTransfer, into: BackupRecord[]): Promise<void> {
	for await (const record of opened.records) into.push(record);
}

describe('device transfer over the network', () => {
	it('moves every record, pauses the identity before reading it, retires it only after the new device restored', async () => {
		const { network, code, identity, offer, oldTransport } = setup();
		const restored: BackupRecord[] = [];
		const { transport, taken } = newDevice(network, code.code, async (opened) => {
			await collect(opened, restored);
			identity.events.push('restored');
		});
		await taken;
		expect(await offer.finished).toEqual({ phase: 'retired' });
		expect(restored).toEqual(RECORDS);
		expect(identity.events).toEqual(['pause', 'read', 'restored', 'retire']);
		expect(oldTransport.state).toBe('offline');
		expect(transport.state).toBe('offline');
	});

	it('a link with the wrong secret gets nothing: the identity is never paused nor retired', async () => {
		const { network, code, identity, offer } = setup();
		const restored: BackupRecord[] = [];
		const { taken } = newDevice(network, { peerId: code.code.peerId, secret: sodium.randombytes_buf(32) }, (opened) => collect(opened, restored));
		await expect(taken).rejects.toThrow(/wrong-secret/u);
		expect((await offer.finished).phase).toBe('failed');
		expect(restored).toEqual([]);
		expect(identity.events).toEqual([]);
	});

	it('a restore that fails on the new device puts the identity back online, never retired', async () => {
		const { network, code, identity, offer } = setup();
		const { taken } = newDevice(network, code.code, async (opened) => {
			await opened.records.next();
			throw new Error('quota');
		});
		await expect(taken).rejects.toThrow('quota');
		expect((await offer.finished).phase).toBe('failed');
		expect(identity.events).toEqual(['pause', 'read', 'resume']);
	});

	it('takes one new device per code: a second one is refused', async () => {
		const { network, code, offer } = setup();
		const first = newDevice(network, code.code, (opened) => collect(opened, []));
		const second = newDevice(network, code.code, (opened) => collect(opened, []));
		const refused = second.taken.then(() => null, (error: unknown) => error);
		await first.taken;
		expect(String(await refused)).toMatch(/could not be reached/u);
		expect((await offer.finished).phase).toBe('retired');
		expect(network.refused.some((dial) => dial.to === code.code.peerId)).toBe(true);
	});

	it('gives the code up after its lifetime, and Cancel while waiting keeps everything', async () => {
		const network = new FakeNetwork();
		const identity = identityLog();
		const transport = network.createTransport();
		const offer = new TransferOffer({ sodium, transport, code: newTransferCode(sodium), files: false, records: () => iterate([]), identity, onState: () => {}, codeLifetimeMs: 20 });
		expect(await offer.finished).toEqual({ phase: 'failed', reason: 'the code expired' });
		expect(transport.state).toBe('offline');
		const cancelled = setup();
		cancelled.offer.cancel();
		expect(await cancelled.offer.finished).toEqual({ phase: 'failed', reason: 'cancelled' });
		expect([...identity.events, ...cancelled.identity.events]).toEqual([]);
	});

	it('Cancel while waiting for a done that never comes asks the user, and keeps the identity held until then', async () => {
		const { network, code, identity, offer, states } = setup();
		// The new device read everything but never says done, nor closes the link.
		const { taken } = newDevice(network, code.code, async (opened) => {
			await collect(opened, []);
			await new Promise(() => {});
		});
		void taken.catch(() => undefined);
		while (!states.some((state) => state.phase === 'awaiting-done')) await new Promise((resolve) => setTimeout(resolve, 5));
		offer.cancel();
		while (offer.state.phase === 'awaiting-done') await new Promise((resolve) => setTimeout(resolve, 5));
		expect(offer.state).toEqual({ phase: 'unsure' });
		expect(identity.events).toEqual(['pause', 'read']);
		offer.decide(false);
		expect(await offer.finished).toEqual({ phase: 'failed', reason: 'kept on this device' });
		expect(identity.events).toEqual(['pause', 'read', 'resume']);
	});
});
