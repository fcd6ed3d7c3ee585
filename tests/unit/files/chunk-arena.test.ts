import { describe, expect, it } from 'vitest';
import { ARENA_BYTES, ChunkArena } from '../../../src/lib/files/chunk-arena';

describe('ChunkArena', () => {
	it('cuts views from one buffer until it is full, then starts a new one; no view overlaps another', () => {
		const arena = new ChunkArena(100);
		const a = arena.take(40);
		const b = arena.take(60);
		const c = arena.take(1);
		expect(a.buffer).toBe(b.buffer);
		expect([a.byteOffset, a.length, b.byteOffset, b.length]).toEqual([0, 40, 40, 60]);
		expect(c.buffer).not.toBe(a.buffer);
		expect(c.byteOffset).toBe(0);
		a.fill(1);
		b.fill(2);
		c.fill(3);
		// A full buffer is never handed out again: what was cut from it keeps its bytes.
		for (let i = 0; i < 10; i++) arena.take(30).fill(9);
		expect(a.every((byte) => byte === 1) && b.every((byte) => byte === 2) && c[0] === 3).toBe(true);
	});

	it('gives anything larger than a buffer a buffer of its own, and 64 chunks of 64 KiB share one by default', () => {
		const arena = new ChunkArena(100);
		const big = arena.take(101);
		expect(big.length).toBe(101);
		expect(big.buffer.byteLength).toBe(101);
		const chunks = new ChunkArena();
		const first = chunks.take(65_536);
		for (let i = 1; i < 64; i++) expect(chunks.take(65_536).buffer).toBe(first.buffer);
		expect(chunks.take(1).buffer).not.toBe(first.buffer);
		expect(ARENA_BYTES).toBe(64 * 65_536);
	});
});
