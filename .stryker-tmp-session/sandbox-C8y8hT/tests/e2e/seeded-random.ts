/** mulberry32: a tiny, fast 32-bit PRNG; the same seed always gives the same sequence in [0, 1). */
// @ts-nocheck

export function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** `env` (decimal or 0x hex) if set, else a fresh random seed, so every run can be replayed. */
export function seedFrom(env: string | undefined): number {
	if (env !== undefined && env.trim() !== '') {
		const seed = Number(env.trim());
		if (!Number.isInteger(seed)) throw new Error(`not an integer seed: ${env}`);
		return seed >>> 0;
	}
	return Math.floor(Math.random() * 2 ** 32) >>> 0;
}

/** An integer in [min, max]. */
export function between(random: () => number, min: number, max: number): number {
	return min + Math.floor(random() * (max - min + 1));
}
