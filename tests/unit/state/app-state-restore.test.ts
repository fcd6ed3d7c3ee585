import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupRequest } from '../../../src/lib/backup/backup-protocol';
import { AppState } from '../../../src/lib/state/app-state.svelte';

/** A backup worker that has written everything as soon as it is asked (a small file, a fast device). */
class InstantWorker {
	#listeners: Array<(event: { data: unknown }) => void> = [];
	addEventListener(type: string, listener: (event: { data: unknown }) => void): void {
		if (type === 'message') this.#listeners.push(listener);
	}
	postMessage(request: BackupRequest): void {
		if (request.type !== 'restore') return;
		queueMicrotask(() => {
			for (const listener of this.#listeners) listener({ data: { type: 'restored', records: 1 } });
		});
	}
	terminate(): void {}
}

const reload = vi.fn();
const store = new Map<string, string>();
beforeEach(() => {
	store.clear();
	reload.mockClear();
	vi.stubGlobal('Worker', InstantWorker);
	vi.stubGlobal('location', { reload });
	vi.stubGlobal('localStorage', { getItem: (key: string) => store.get(key) ?? null, setItem: (key: string, value: string) => store.set(key, value), removeItem: (key: string) => store.delete(key) });
});
afterEach(() => {
	vi.unstubAllGlobals();
});

describe('AppState.restoreBackup', () => {
	it('Cancel pressed while the restore code still loads (the button shows at once) cancels it: nothing switched, no reload (review, session 18)', async () => {
		const app = new AppState();
		const done = app.restoreBackup(new Blob(['x']), 'pass', () => undefined);
		app.cancelRestore();
		await expect(done).rejects.toMatchObject({ failure: 'cancelled' });
		expect(store.has('parley.activeDb')).toBe(false);
		expect(reload).not.toHaveBeenCalled();
	});

	it('without Cancel the same restore switches to the restored database and reloads', async () => {
		const app = new AppState();
		await app.restoreBackup(new Blob(['x']), 'pass', () => undefined);
		expect(store.get('parley.activeDb')).toMatch(/^parley-restore-/);
		expect(reload).toHaveBeenCalledOnce();
	});
});
