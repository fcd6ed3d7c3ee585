import { describe, expect, it, vi } from 'vitest';
import { FrameBatch } from '../../../src/lib/state/frame-batch';

/** A frame clock the test advances by hand. */
function frames() {
	let waiting: (() => void)[] = [];
	return {
		next: (run: () => void) => void waiting.push(run),
		end() {
			const run = waiting;
			waiting = [];
			for (const r of run) r();
		}
	};
}

const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('FrameBatch', () => {
	it('flushes the first change at once (a microtask later), not a frame later', async () => {
		const clock = frames();
		const flushed: number[][] = [];
		const batch = new FrameBatch<number>((items) => flushed.push(items), clock.next);
		batch.push(1);
		batch.push(2);
		await tick();
		expect(flushed).toEqual([[1, 2]]);
	});

	it('holds a burst that follows until the frame ends, then flushes it once', async () => {
		const clock = frames();
		const flushed: number[][] = [];
		const batch = new FrameBatch<number>((items) => flushed.push(items), clock.next);
		batch.push(1);
		await tick();
		for (let i = 2; i <= 100; i++) {
			batch.push(i);
			await tick();
		}
		expect(flushed).toHaveLength(1);
		clock.end();
		expect(flushed).toHaveLength(2);
		expect(flushed[1]).toHaveLength(99);
		// A quiet frame later, the next change goes out at once again.
		clock.end();
		batch.push(101);
		await tick();
		expect(flushed[2]).toEqual([101]);
	});

	it('keeps working after a clear', async () => {
		const clock = frames();
		const flushed: number[][] = [];
		const batch = new FrameBatch<number>((items) => flushed.push(items), clock.next);
		batch.push(1);
		await tick();
		batch.push(2);
		batch.clear();
		clock.end();
		batch.push(3);
		await tick();
		clock.end();
		expect(flushed).toEqual([[1], [3]]);
	});

	it('still ends the frame when a flush throws, so later changes are not held', async () => {
		const clock = frames();
		const flushed: number[][] = [];
		let fail = true;
		const batch = new FrameBatch<number>((items) => {
			if (fail) {
				fail = false;
				throw new Error('render failed');
			}
			flushed.push(items);
		}, clock.next);
		// Run the first flush by hand, to see it throw (in a real microtask it is reported).
		let run: (() => void) | undefined;
		vi.stubGlobal('queueMicrotask', (task: () => void) => (run = task));
		batch.push(1);
		vi.unstubAllGlobals();
		expect(() => run?.()).toThrow('render failed');
		clock.end();
		batch.push(2);
		await tick();
		expect(flushed).toEqual([[2]]);
	});
});
