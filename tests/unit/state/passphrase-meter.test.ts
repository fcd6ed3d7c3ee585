import { describe, expect, it } from 'vitest';
import type { StrengthReply, StrengthRequest } from '../../../src/lib/backup/passphrase-protocol';
import { PassphraseMeter, type StrengthWorkerLike } from '../../../src/lib/state/passphrase-meter.svelte';

/** A worker stand-in that answers when told to, so replies can arrive late or out of order. */
class FakeWorker implements StrengthWorkerLike {
	readonly requests: StrengthRequest[] = [];
	terminated = false;
	#onMessage: ((event: MessageEvent<StrengthReply>) => void) | null = null;
	#onError: ((event: Event) => void) | null = null;
	postMessage(message: StrengthRequest): void {
		this.requests.push(message);
	}
	addEventListener(type: 'message' | 'error', listener: never): void {
		if (type === 'message') this.#onMessage = listener;
		else this.#onError = listener;
	}
	terminate(): void {
		this.terminated = true;
	}
	reply(data: StrengthReply): void {
		this.#onMessage?.({ data } as MessageEvent<StrengthReply>);
	}
	fail(): void {
		this.#onError?.(new Event('error'));
	}
}

describe('PassphraseMeter', () => {
	it('has no level until the worker rated the current text, and ignores a rating of older text', () => {
		const worker = new FakeWorker();
		const meter = new PassphraseMeter(() => worker);
		meter.rate('Tr0ub4dor');
		meter.rate('Tr0ub4dor&');
		expect(meter.level).toBeNull();
		worker.reply({ id: worker.requests[0]!.id, level: 4 });
		expect(meter.level).toBeNull();
		worker.reply({ id: worker.requests[1]!.id, level: 1 });
		expect(meter.level).toBe(1);
	});

	it('forgets the level as soon as the text changes, and sends nothing for an empty field', () => {
		const worker = new FakeWorker();
		const meter = new PassphraseMeter(() => worker);
		meter.rate('mauve otter sings');
		worker.reply({ id: worker.requests[0]!.id, level: 4 });
		meter.rate('');
		expect(meter.level).toBeNull();
		expect(worker.requests).toHaveLength(1);
	});

	it('says so when the estimator cannot load, and stops its worker', () => {
		const worker = new FakeWorker();
		const meter = new PassphraseMeter(() => worker);
		meter.rate('anything at all');
		worker.reply({ id: worker.requests[0]!.id, level: null });
		expect(meter.failed).toBe(true);
		expect(meter.level).toBeNull();
		const other = new FakeWorker();
		const second = new PassphraseMeter(() => other);
		other.fail();
		expect(second.failed).toBe(true);
		second.stop();
		expect(other.terminated).toBe(true);
	});
});
