import { describe, expect, it } from 'vitest';
import { WRITE_IDLE_MS, WRITE_MAX_WAIT_MS, WriteBatch } from '../../../src/lib/files/write-batch';

describe('when a receiver writes a short batch', () => {
	it('is never due while nothing waits', () => {
		const batch = new WriteBatch();
		expect(batch.dueIn(0)).toBeNull();
		batch.arrived(10);
		batch.written(20, 0);
		expect(batch.dueIn(5_000)).toBeNull();
	});

	it('is due once no chunk arrived for WRITE_IDLE_MS (a holder that stalls leaves nothing unwritten)', () => {
		const batch = new WriteBatch();
		batch.arrived(100);
		expect(batch.dueIn(100)).toBe(WRITE_IDLE_MS);
		expect(batch.dueIn(100 + WRITE_IDLE_MS - 1)).toBe(1);
		expect(batch.dueIn(100 + WRITE_IDLE_MS)).toBe(0);
	});

	it('waits again with each chunk while the stream flows, so a fast file is stored in whole pieces', () => {
		const batch = new WriteBatch();
		// A chunk every 10 ms for 300 ms: far past WRITE_IDLE_MS from the first, never due.
		for (let at = 0; at <= 300; at += 10) {
			batch.arrived(at);
			expect(batch.dueIn(at)).toBe(WRITE_IDLE_MS);
		}
	});

	it('is due WRITE_MAX_WAIT_MS after its first chunk however the chunks trickle in (progress on a slow link)', () => {
		const batch = new WriteBatch();
		for (let at = 0; at < WRITE_MAX_WAIT_MS; at += WRITE_IDLE_MS - 10) batch.arrived(at);
		expect(batch.dueIn(WRITE_MAX_WAIT_MS - 5)).toBe(5);
		expect(batch.dueIn(WRITE_MAX_WAIT_MS)).toBe(0);
	});

	it('counts the wait of what is left after a write from the write', () => {
		const batch = new WriteBatch();
		batch.arrived(0);
		batch.arrived(900);
		batch.written(940, 3);
		for (let at = 960; at < 940 + WRITE_MAX_WAIT_MS; at += WRITE_IDLE_MS - 10) batch.arrived(at);
		// From the batch's first chunk (at 0) it would be long due; from the write, 10 ms are left.
		expect(batch.dueIn(1_930)).toBe(10);
		expect(batch.dueIn(940 + WRITE_MAX_WAIT_MS)).toBe(0);
	});
});
