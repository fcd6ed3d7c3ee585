// @ts-nocheck
// 
import { describe, expect, it, vi } from 'vitest';
import { onOutboxSyncRequest, requestOutboxSync, type WorkerContainer } from '../../../src/lib/pwa/outbox-sync';
import { askForPersistence } from '../../../src/lib/pwa/persist';
import { wireUpdateFlow, type UpdateSource } from '../../../src/lib/pwa/update-flow';
import { UpdateState } from '../../../src/lib/pwa/update-state.svelte';

function fakeContainer(registration: unknown): WorkerContainer & { target: EventTarget; started: number } {
	const target = new EventTarget();
	const container = {
		target,
		started: 0,
		getRegistration: () => Promise.resolve(registration as ServiceWorkerRegistration | undefined),
		addEventListener: target.addEventListener.bind(target),
		removeEventListener: target.removeEventListener.bind(target),
		startMessages: () => {
			container.started++;
		}
	};
	return container as unknown as WorkerContainer & { target: EventTarget; started: number };
}

describe('requestOutboxSync', () => {
	it('registers the parley-outbox tag on an active registration with Background Sync', async () => {
		const register = vi.fn(() => Promise.resolve());
		expect(await requestOutboxSync(fakeContainer({ active: {}, sync: { register, getTags: () => Promise.resolve([]) } }))).toBe(true);
		expect(register).toHaveBeenCalledWith('parley-outbox');
	});

	it('resolves false without a worker, an active worker, Background Sync, or permission', async () => {
		expect(await requestOutboxSync(undefined)).toBe(false);
		expect(await requestOutboxSync(fakeContainer(undefined))).toBe(false);
		expect(await requestOutboxSync(fakeContainer({ active: null, sync: { register: () => Promise.resolve() } }))).toBe(false);
		expect(await requestOutboxSync(fakeContainer({ active: {} }))).toBe(false);
		const denied = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
		expect(await requestOutboxSync(fakeContainer({ active: {}, sync: { register: denied } }))).toBe(false);
	});
});

describe('onOutboxSyncRequest', () => {
	it('calls back for the flush message only, until unsubscribed', () => {
		const container = fakeContainer(undefined);
		const flush = vi.fn();
		const stop = onOutboxSyncRequest(flush, container);
		expect(container.started).toBe(1);
		container.target.dispatchEvent(new MessageEvent('message', { data: { type: 'something-else' } }));
		container.target.dispatchEvent(new MessageEvent('message', { data: { type: 'parley-flush-outbox' } }));
		expect(flush).toHaveBeenCalledTimes(1);
		stop();
		container.target.dispatchEvent(new MessageEvent('message', { data: { type: 'parley-flush-outbox' } }));
		expect(flush).toHaveBeenCalledTimes(1);
	});

	it('is a no-op without service workers', () => {
		expect(onOutboxSyncRequest(() => {}, undefined)).toBeTypeOf('function');
	});
});

describe('askForPersistence', () => {
	it('does not ask again when storage is already persistent', async () => {
		const persist = vi.fn(() => Promise.resolve(true));
		expect(await askForPersistence({ persisted: () => Promise.resolve(true), persist })).toBe(true);
		expect(persist).not.toHaveBeenCalled();
	});

	it("returns the browser's answer and never rejects", async () => {
		expect(await askForPersistence({ persisted: () => Promise.resolve(false), persist: () => Promise.resolve(false) })).toBe(false);
		expect(await askForPersistence({ persisted: () => Promise.resolve(false), persist: () => Promise.resolve(true) })).toBe(true);
		expect(await askForPersistence({ persisted: () => Promise.reject(new Error('x')), persist: () => Promise.resolve(true) })).toBe(false);
		expect(await askForPersistence(undefined)).toBe(false);
	});
});

class FakeWorkbox implements UpdateSource {
	skipWaitingMessages = 0;
	#listeners = new Map<string, (() => void)[]>();
	addEventListener(type: 'waiting' | 'controlling', listener: () => void): void {
		this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
	}
	messageSkipWaiting(): void {
		this.skipWaitingMessages++;
	}
	emit(type: 'waiting' | 'controlling'): void {
		for (const listener of this.#listeners.get(type) ?? []) listener();
	}
}

function setup(hadController: boolean) {
	const wb = new FakeWorkbox();
	const update = new UpdateState();
	const reload = vi.fn();
	wireUpdateFlow(wb, update, { hadController, reload });
	return { wb, update, reload };
}

describe('update flow', () => {
	it('offers a waiting version; accepting skips waiting, then reloads once it controls the page', () => {
		const { wb, update, reload } = setup(true);
		expect(update.available).toBe(false);
		wb.emit('waiting');
		expect(update.available).toBe(true);
		update.accept();
		expect(update.applying).toBe(true);
		expect(wb.skipWaitingMessages).toBe(1);
		update.accept();
		expect(wb.skipWaitingMessages).toBe(1);
		expect(reload).not.toHaveBeenCalled();
		wb.emit('controlling');
		expect(reload).toHaveBeenCalledTimes(1);
	});

	it('"Later" only hides the prompt', () => {
		const { wb, update, reload } = setup(true);
		wb.emit('waiting');
		update.later();
		expect(update.available).toBe(false);
		expect(wb.skipWaitingMessages).toBe(0);
		expect(reload).not.toHaveBeenCalled();
	});

	it('does nothing visible when the first install takes control', () => {
		const { wb, update, reload } = setup(false);
		wb.emit('controlling');
		expect(update.available).toBe(false);
		expect(reload).not.toHaveBeenCalled();
	});

	it('accepting reloads even when the page had no controller at registration', () => {
		const { wb, update, reload } = setup(false);
		wb.emit('controlling');
		wb.emit('waiting');
		update.accept();
		wb.emit('controlling');
		expect(reload).toHaveBeenCalledTimes(1);
	});

	it('offers a plain reload when another tab applied the update', () => {
		const { wb, update, reload } = setup(true);
		wb.emit('waiting');
		wb.emit('controlling');
		expect(reload).not.toHaveBeenCalled();
		expect(update.available).toBe(true);
		update.accept();
		expect(reload).toHaveBeenCalledTimes(1);
		expect(wb.skipWaitingMessages).toBe(0);
	});
});
