// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { encodeHello } from '../../../src/lib/protocol/codec';
import { mulberry32, seedFrom } from '../../e2e/seeded-random';
import { makeEnd } from '../session/session-pair';
import { mutate, randomBytes } from './mutations';

// The handshake's first frame comes from anyone who can reach us, before any key is proven.
// Whatever it holds, receive() must not throw and the session must end up either refusing it
// (failed, link closed) or waiting for the peer's auth; nothing in between.

const HELLOS = Number(process.env.FUZZ_HELLOS ?? 1000);
const SEED = seedFrom(process.env.FUZZ_SEED);

async function victimFacing() {
	const sodium = await loadSodium();
	const alice = createIdentity(sodium);
	const bob = createIdentity(sodium);
	return { sodium, alice, bob, hello: encodeHello({ t: 'hello', v: 1, id: alice.publicKey, eph: sodium.crypto_kx_keypair().publicKey }) };
}

describe('hello frames under fuzzing', () => {
	it(`${HELLOS} random and mutated hellos: none throws, each is refused or awaits auth`, async () => {
		console.log(`hello fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
		const random = mulberry32(SEED);
		const { sodium, alice, bob, hello } = await victimFacing();
		const outcomes = new Map<string, number>();
		const thrown: string[] = [];
		for (let i = 0; i < HELLOS; i++) {
			const bytes = random() < 0.2 ? randomBytes(random, Math.floor(random() * 300)) : mutate(random, hello, hello);
			const victim = makeEnd(sodium, bob, alice.peerId, () => {});
			try {
				victim.session.receive(bytes);
			} catch (error) {
				thrown.push(String(error).slice(0, 120));
				continue;
			}
			const state = victim.session.state;
			expect(['failed', 'authenticating']).toContain(state);
			if (state === 'failed') expect(victim.closed).toBe(true);
			const key = state === 'failed' ? `failed: ${victim.failures[0]}` : state;
			outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
		}
		console.log(`hello outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}`);
		expect(thrown).toEqual([]);
	}, 120_000);

	// Finding 10 of issue 8: libsodium throws on an all-zero (or other low-order) ephemeral key;
	// that throw used to escape receive() with the session left half-open.
	it('a hello with an all-zero ephemeral key is refused cleanly (no throw, session failed and closed)', async () => {
		const { sodium, alice, bob } = await victimFacing();
		const victim = makeEnd(sodium, bob, alice.peerId, () => {});
		victim.session.receive(encodeHello({ t: 'hello', v: 1, id: alice.publicKey, eph: new Uint8Array(32) }));
		expect(victim.session.state).toBe('failed');
		expect(victim.closed).toBe(true);
	});
});
