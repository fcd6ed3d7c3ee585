import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupReply, BackupRequest } from '../../../src/lib/backup/backup-protocol';
import { BackupRunFailed, BackupRunner, type BackupWorkerLike } from '../../../src/lib/state/backup-runner';
import { FakeStagingLocks } from '../db/fake-staging-locks';

/** A worker the test answers by hand: it creates the staging database the request names, as the real one does. */
class FakeWorker implements BackupWorkerLike {
	request: BackupRequest | null = null;
	terminated = false;
	#listeners: Array<(event: MessageEvent<BackupReply>) => void> = [];
	postMessage(message: BackupRequest): void {
		this.request = message;
	}
	addEventListener(type: 'message' | 'error', listener: (event: never) => void): void {
		if (type === 'message') this.#listeners.push(listener as (event: MessageEvent<BackupReply>) => void);
	}
	terminate(): void {
		this.terminated = true;
	}
	reply(data: BackupReply): void {
		if (this.terminated) return;
		for (const listener of this.#listeners) listener({ data } as MessageEvent<BackupReply>);
	}
	async writeStaging(): Promise<string> {
		const name = (this.request as Extract<BackupRequest, { type: 'restore' }>).stagingName;
		const db = new Dexie(name);
		db.version(1).stores({ rows: 'id' });
		await db.table('rows').put({ id: 1 });
		db.close();
		return name;
	}
}

const store = new Map<string, string>();
beforeEach(() => {
	store.clear();
	vi.stubGlobal('localStorage', { getItem: (key: string) => store.get(key) ?? null, setItem: (key: string, value: string) => store.set(key, value), removeItem: (key: string) => store.delete(key) });
	vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
	vi.unstubAllGlobals();
	vi.restoreAllMocks();
});

async function started(runner: BackupRunner, worker: FakeWorker, onFinishing: () => void) {
	const done = runner.restore(new Blob(['x']), 'pass', () => undefined, onFinishing);
	await vi.waitFor(() => expect(worker.request).not.toBeNull());
	return { done, staging: await worker.writeStaging() };
}

describe('BackupRunner.restore', () => {
	it('says it is finishing once the worker has written everything, then switches the pointer', async () => {
		const worker = new FakeWorker();
		const runner = new BackupRunner(() => worker);
		const order: string[] = [];
		const { done, staging } = await started(runner, worker, () => order.push(`finishing, pointer ${store.get('parley.activeDb') ?? 'none'}`));
		worker.reply({ type: 'progress', done: 1, total: 2 });
		expect(order).toEqual([]);
		worker.reply({ type: 'restored', records: 3 });
		await done;
		expect(order).toEqual(['finishing, pointer none']);
		expect(store.get('parley.activeDb')).toBe(staging);
	});

	it('Cancel before the worker replied: rejected as cancelled, staging deleted, pointer untouched, never finishing', async () => {
		const worker = new FakeWorker();
		const runner = new BackupRunner(() => worker);
		const onFinishing = vi.fn();
		const { done, staging } = await started(runner, worker, onFinishing);
		expect(await Dexie.exists(staging)).toBe(true);
		runner.cancel();
		worker.reply({ type: 'restored', records: 3 });
		const failure = await done.catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(BackupRunFailed);
		expect((failure as BackupRunFailed).failure).toBe('cancelled');
		expect(worker.terminated).toBe(true);
		expect(await Dexie.exists(staging)).toBe(false);
		expect(store.has('parley.activeDb')).toBe(false);
		expect(onFinishing).not.toHaveBeenCalled();
	});

	it('a failure the worker reports deletes the staging database too', async () => {
		const worker = new FakeWorker();
		const runner = new BackupRunner(() => worker);
		const { done, staging } = await started(runner, worker, () => undefined);
		worker.reply({ type: 'failed', failure: 'wrong-passphrase', detail: 'x' });
		await expect(done).rejects.toMatchObject({ failure: 'wrong-passphrase' });
		expect(await Dexie.exists(staging)).toBe(false);
		expect(store.has('parley.activeDb')).toBe(false);
	});

	it('a switch the browser refuses (localStorage full) fails as storage and deletes the staging database, not left holding a copy of the whole backup', async () => {
		const worker = new FakeWorker();
		const runner = new BackupRunner(() => worker);
		vi.stubGlobal('localStorage', {
			getItem: () => null,
			setItem: () => {
				throw new DOMException('quota', 'QuotaExceededError');
			},
			removeItem: () => undefined
		});
		const { done, staging } = await started(runner, worker, () => undefined);
		worker.reply({ type: 'restored', records: 3 });
		await expect(done).rejects.toMatchObject({ failure: 'storage' });
		expect(await Dexie.exists(staging)).toBe(false);
	});

	it('holds the staging lock until the switch; a Cancel pressed before the lock was granted is kept', async () => {
		const locks = new FakeStagingLocks();
		const worker = new FakeWorker();
		const runner = new BackupRunner(() => worker, locks);
		const seen: boolean[] = [];
		const done = runner.restore(new Blob(['x']), 'pass', () => undefined, () => seen.push(locks.held.size === 1));
		await vi.waitFor(() => expect(worker.request).not.toBeNull());
		await worker.writeStaging();
		worker.reply({ type: 'restored', records: 1 });
		await done;
		expect(seen).toEqual([true]);
		expect(locks.held.size).toBe(0);

		const second = new FakeWorker();
		const cancelled = new BackupRunner(() => second, locks);
		const refused = cancelled.restore(new Blob(['x']), 'pass', () => undefined);
		cancelled.cancel();
		await expect(refused).rejects.toMatchObject({ failure: 'cancelled' });
		expect(second.request).toBeNull();
		expect(locks.held.size).toBe(0);
	});

	it('a Cancel outside a restore does not cancel the next one', async () => {
		const worker = new FakeWorker();
		const runner = new BackupRunner(() => worker, new FakeStagingLocks());
		runner.cancel();
		const { done } = await started(runner, worker, () => undefined);
		worker.reply({ type: 'restored', records: 1 });
		await expect(done).resolves.toBeUndefined();
	});
});

