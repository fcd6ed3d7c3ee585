import { describe, expect, it } from 'vitest';
import { InOrderQueue, type Outcome } from '../../../src/lib/files/in-order-queue';

/** A step whose promise the test settles by hand, in any order. */
function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((yes, no) => {
		resolve = yes;
		reject = no;
	});
	return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('in-order queue', () => {
	it('delivers in the order added though the steps finish in reverse', async () => {
		const got: number[] = [];
		const queue = new InOrderQueue<number>(8, (outcome) => outcome.ok && got.push(outcome.value));
		const steps = [0, 1, 2, 3].map(() => deferred<number>());
		for (const step of steps) queue.add(() => step.promise);
		for (const [i, step] of [...steps.entries()].reverse()) {
			step.resolve(i);
			await settle();
			if (i > 0) expect(got).toEqual([]);
		}
		expect(got).toEqual([0, 1, 2, 3]);
		expect(queue.size).toBe(0);
	});

	it('runs at most its limit at once, starting the rest as slots free', async () => {
		let running = 0;
		let most = 0;
		const steps = Array.from({ length: 10 }, () => deferred<number>());
		const got: number[] = [];
		const queue = new InOrderQueue<number>(3, (outcome) => outcome.ok && got.push(outcome.value));
		for (const step of steps)
			queue.add(() => {
				running += 1;
				most = Math.max(most, running);
				return step.promise.then((value) => {
					running -= 1;
					return value;
				});
			});
		expect(running).toBe(3);
		expect(queue.size).toBe(10);
		for (const [i, step] of [...steps.entries()].reverse()) step.resolve(i);
		for (let round = 0; round < 20 && got.length < 10; round++) {
			await settle();
			for (const [i, step] of steps.entries()) step.resolve(i);
		}
		expect(most).toBe(3);
		expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
	});

	it('delivers a failed step as its error, in its place, and goes on', async () => {
		const got: Outcome<number>[] = [];
		const queue = new InOrderQueue<number>(4, (outcome) => got.push(outcome));
		const [a, b, c] = [deferred<number>(), deferred<number>(), deferred<number>()];
		queue.add(() => a.promise);
		queue.add(() => b.promise);
		queue.add(() => c.promise);
		c.resolve(3);
		b.reject(new Error('tag'));
		a.resolve(1);
		await settle();
		expect(got.map((outcome) => (outcome.ok ? outcome.value : 'error'))).toEqual([1, 'error', 3]);
	});

	it('delivers a step that throws before its promise as an error too', async () => {
		const got: Outcome<number>[] = [];
		const queue = new InOrderQueue<number>(2, (outcome) => got.push(outcome));
		queue.add(() => {
			throw new Error('no');
		});
		queue.add(() => Promise.resolve(2));
		await settle();
		expect(got.map((outcome) => outcome.ok)).toEqual([false, true]);
	});

	it('drops what is waiting and every late result after clear', async () => {
		const got: number[] = [];
		let started = 0;
		const queue = new InOrderQueue<number>(1, (outcome) => outcome.ok && got.push(outcome.value));
		const first = deferred<number>();
		queue.add(() => first.promise);
		queue.add(() => {
			started += 1;
			return Promise.resolve(2);
		});
		queue.clear();
		first.resolve(1);
		await settle();
		expect(got).toEqual([]);
		expect(started).toBe(0);
		expect(queue.size).toBe(0);
		queue.add(() => Promise.resolve(3));
		await settle();
		expect(got).toEqual([3]);
	});

	it('stops delivering when a delivery clears it', async () => {
		const got: number[] = [];
		const queue: InOrderQueue<number> = new InOrderQueue<number>(4, (outcome) => {
			if (outcome.ok) got.push(outcome.value);
			queue.clear();
		});
		const [a, b] = [deferred<number>(), deferred<number>()];
		queue.add(() => a.promise);
		queue.add(() => b.promise);
		b.resolve(2);
		a.resolve(1);
		await settle();
		expect(got).toEqual([1]);
	});

	it('refuses a limit below one', () => {
		expect(() => new InOrderQueue<number>(0, () => undefined)).toThrow(RangeError);
	});
});
