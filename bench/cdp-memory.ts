import { readFileSync } from 'node:fs';
import type { CDPSession, Page } from '@playwright/test';
import { chromiumProcesses } from './process-cpu';

// Peak memory of a page and of its dedicated workers, sampled from outside over the DevTools
// protocol (`Runtime.getHeapUsage` on each target). Why this and not the alternatives:
// `performance.memory` exists on the page only (not in workers) and is rounded;
// `performance.measureUserAgentSpecificMemory()` needs cross-origin isolation, which the app does
// not have, and answers only after a garbage collection (seconds), too coarse for a peak. The
// protocol reads each V8 isolate's exact figures at any time, without the app's help, and the
// page's session survives the reload that ends a restore.
//
// V8 does not count WebAssembly memory (libsodium's, where Argon2id takes its 64 MiB) in either
// figure, so the resident memory of Chromium's processes is sampled too, from /proc: the
// renderers (the page and its workers; this part opens one page at a time) and the browser
// process (which holds Blob bytes, such as the backup file being built).
//
// Workers are reached through the page's own session with auto-attach in non-flat mode
// (`Target.sendMessageToTarget`): Playwright's CDPSession cannot address a flat child session.

/** One isolate's memory: `heap` = V8's used JS heap; `buffers` = ArrayBuffer backing stores (WebAssembly memory included). */
export interface IsolateMemory {
	heap: number;
	buffers: number;
	/** The largest heap V8 had reserved (used + garbage not yet collected + free space). */
	committed: number;
}

export interface MemoryPeaks {
	/** The page's largest heap + buffers seen, and its parts at that sample. */
	page: IsolateMemory & { peak: number; first: number };
	/** Per worker script name (the Worker's `name`, else its URL): largest heap + buffers seen. */
	workers: Map<string, IsolateMemory & { peak: number; first: number }>;
	/** Resident memory (VmRSS) of all renderer processes together, and of the browser process; empty off Linux. */
	rss: { renderers: { first: number; peak: number }; browser: { first: number; peak: number } };
	samples: number;
}

function residentBytes(pid: number): number {
	try {
		const kb = /VmRSS:\s+(\d+) kB/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
		return kb === undefined ? 0 : Number(kb) * 1024;
	} catch {
		return 0;
	}
}

function noteResident(rss: MemoryPeaks['rss']): void {
	const all = chromiumProcesses() ?? [];
	const sum = (kind: string) => all.filter((info) => info.kind === kind).reduce((total, info) => total + residentBytes(info.pid), 0);
	for (const [into, bytes] of [
		[rss.renderers, sum('renderer')],
		[rss.browser, sum('browser')]
	] as const) {
		if (bytes === 0) continue;
		if (into.first === 0) into.first = bytes;
		into.peak = Math.max(into.peak, bytes);
	}
}

interface HeapUsage {
	usedSize: number;
	totalSize: number;
	backingStorageSize?: number;
}

const EMPTY = () => ({ heap: 0, buffers: 0, committed: 0, peak: 0, first: -1 });

function note(into: IsolateMemory & { peak: number; first: number }, usage: HeapUsage): void {
	const buffers = usage.backingStorageSize ?? 0;
	const total = usage.usedSize + buffers;
	if (into.first < 0) into.first = total;
	into.committed = Math.max(into.committed, usage.totalSize);
	if (total > into.peak) Object.assign(into, { heap: usage.usedSize, buffers, peak: total });
}

/** Samples every `intervalMs` until `stop()`, which resolves to the peaks seen. */
export async function watchMemory(page: Page, intervalMs = 100): Promise<{ stop(): Promise<MemoryPeaks> }> {
	const session: CDPSession = await page.context().newCDPSession(page);
	const peaks: MemoryPeaks = { page: EMPTY(), workers: new Map(), rss: { renderers: { first: 0, peak: 0 }, browser: { first: 0, peak: 0 } }, samples: 0 };
	const workers = new Map<string, string>();
	const waiting = new Map<number, (usage: HeapUsage | null) => void>();
	let nextId = 1;
	session.on('Target.attachedToTarget', (event) => {
		if (event.targetInfo.type === 'worker') workers.set(event.sessionId, event.targetInfo.title || event.targetInfo.url);
	});
	session.on('Target.detachedFromTarget', (event) => {
		if (event.sessionId) workers.delete(event.sessionId);
	});
	session.on('Target.receivedMessageFromTarget', (event) => {
		const reply = JSON.parse(event.message) as { id?: number; result?: HeapUsage };
		if (reply.id === undefined) return;
		waiting.get(reply.id)?.(reply.result ?? null);
		waiting.delete(reply.id);
	});
	await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });

	const workerUsage = (sessionId: string) =>
		new Promise<HeapUsage | null>((resolve) => {
			const id = nextId++;
			waiting.set(id, resolve);
			session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => {
				waiting.delete(id);
				resolve(null);
			});
		});

	let running = true;
	const loop = (async () => {
		while (running) {
			const started = Date.now();
			noteResident(peaks.rss);
			const pageUsage = await session.send('Runtime.getHeapUsage').catch(() => null);
			if (pageUsage) note(peaks.page, pageUsage as HeapUsage);
			await Promise.all(
				[...workers].map(async ([sessionId, name]) => {
					const usage = await Promise.race([workerUsage(sessionId), new Promise<null>((resolve) => setTimeout(() => resolve(null), 2_000))]);
					if (!usage) return;
					const into = peaks.workers.get(name) ?? EMPTY();
					peaks.workers.set(name, into);
					note(into, usage);
				})
			);
			peaks.samples += 1;
			await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - (Date.now() - started))));
		}
	})();
	return {
		async stop() {
			running = false;
			await loop;
			await session.detach().catch(() => undefined);
			return peaks;
		}
	};
}

/** The peak of the first worker whose name contains `part`, or null when none was seen. */
export function workerPeak(peaks: MemoryPeaks, part: string): (IsolateMemory & { peak: number; first: number }) | null {
	for (const [name, peak] of peaks.workers) if (name.includes(part)) return peak;
	return null;
}

export const mb = (bytes: number) => bytes / 1e6;
