import { expect, test } from './fixtures';
import { connectAliceAndBob, openAliceAndBob } from './chat-steps';
import { enableTestHooks, setInvisible, waitForHooks } from './parley-hooks';
import type { Page } from '@playwright/test';
import type { ParleyTestHooks } from '../../src/lib/app/test-hooks';

// The messenger's file wiring over real WebRTC (the negotiated file channel beside each link),
// driven through the test hooks: the file UI is built separately against the same FileApi.

type HookedGlobal = { __parley?: ParleyTestHooks };
type FileState = Awaited<ReturnType<ParleyTestHooks['fileState']>>;

const MB = 1024 * 1024;

function sendFile(page: Page, peer: string, size: number, name: string): Promise<string> {
	return page.evaluate(([peer, size, name]) => (globalThis as unknown as HookedGlobal).__parley!.sendFile(peer, size, name), [peer, size, name] as const);
}

function fileState(page: Page, id: string): Promise<FileState> {
	return page.evaluate((id) => (globalThis as unknown as HookedGlobal).__parley!.fileState(id), id);
}

test('a file crosses the real file channel, verified, and an offline contact gets one later', async ({ openPeer }) => {
	const { alice, bob } = await openAliceAndBob(openPeer);
	for (const peer of [alice, bob]) {
		await enableTestHooks(peer.context);
		await peer.page.reload();
	}
	await Promise.all([waitForHooks(alice.page), waitForHooks(bob.page)]);
	const { bobId } = await connectAliceAndBob(alice, bob);

	const id = await sendFile(alice.page, bobId, 8 * MB, 'eight.bin');
	await expect.poll(() => fileState(bob.page, id).then((f) => f?.state), { timeout: 30_000 }).toBe('complete');
	const done = await fileState(bob.page, id);
	expect(done).toMatchObject({ size: 8 * MB, chunks: 128, held: 128 });
	// Throttled progress (one event per 100 ms at most): fewer events than the 128 chunks.
	expect(done!.progress).toBeGreaterThan(0);
	expect(done!.progress).toBeLessThan(done!.chunks);

	await setInvisible(bob.page, true);
	const later = await sendFile(alice.page, bobId, 2 * MB, 'later.bin');
	await expect.poll(() => fileState(alice.page, later).then((f) => f?.state)).toBe('sending');
	expect(await fileState(bob.page, later)).toBeNull();
	await setInvisible(bob.page, false);
	await expect.poll(() => fileState(bob.page, later).then((f) => f?.state), { timeout: 30_000 }).toBe('complete');
});

test('a transfer cut by the sender’s reload resumes from the stored Blob and asks only for the gaps', async ({ openPeer }) => {
	const { alice, bob } = await openAliceAndBob(openPeer);
	for (const peer of [alice, bob]) {
		await enableTestHooks(peer.context);
		await peer.page.reload();
	}
	await Promise.all([waitForHooks(alice.page), waitForHooks(bob.page)]);
	const { bobId } = await connectAliceAndBob(alice, bob);

	const id = await sendFile(alice.page, bobId, 48 * MB, 'cut.bin');
	await expect.poll(() => fileState(bob.page, id).then((f) => f?.held ?? 0), { timeout: 30_000, intervals: [20] }).toBeGreaterThan(0);
	await alice.page.reload();
	const cut = await fileState(bob.page, id);
	expect(cut!.held).toBeLessThan(cut!.chunks);
	await waitForHooks(alice.page);
	expect(await fileState(alice.page, id)).toMatchObject({ state: 'sending' });
	await expect.poll(() => fileState(bob.page, id).then((f) => f?.state), { timeout: 60_000 }).toBe('complete');
	// After the reload Alice served the gaps, not the file from its start (a lower bound: the
	// last progress step may be throttled away, so this is never above what was really sent).
	const served = (await fileState(alice.page, id))!.served;
	expect(served).toBeGreaterThan(0);
	expect(served).toBeLessThanOrEqual((cut!.chunks - cut!.held) * 64 * 1024);
});
