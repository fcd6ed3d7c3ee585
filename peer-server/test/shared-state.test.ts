import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createIdentity } from '../../src/lib/crypto/identity';
import { loadSodium } from '../../src/lib/crypto/sodium';
import { DIRECTORY_MAX_SKEW_MS, signRecord, type DirectoryOp } from '../../src/lib/directory/record';
import { toHex } from '../../src/lib/ids/encoding';
import { DirectoryKeys } from '../src/directory/sealing';
import { DirectoryStore } from '../src/directory/store';
import { MemoryState } from '../src/store/memory-state';
import { RedisState } from '../src/store/redis-state';
import type { SharedState } from '../src/store/shared-state';
import { cleanUp, makeTempDir, ManualClock } from './server-fixture';
import { redisAvailable, startRedis, type RedisServer } from './redis-fixture';

const DEPLOYMENT_ID = 'shared-state-test';
const PRESENCE_TTL_MS = 30_000;
const PROCESS_A = 'a'.repeat(32);
const PROCESS_B = 'b'.repeat(32);

interface Harness {
	readonly clock: ManualClock;
	open(options?: { maxEntries?: number; presenceTtlMs?: number }): Promise<SharedState>;
	/** Lets `ms` pass for expiry: the manual clock for the embedded store, real time for Redis (its own clock). */
	pass(ms: number): Promise<void>;
}

type Backend = { readonly name: string; harness(): Promise<Harness> };

let redis: RedisServer | undefined;
const opened: SharedState[] = [];

const backends: Backend[] = [
	{
		name: 'embedded',
		harness: async () => {
			const sodium = await loadSodium();
			const clock = new ManualClock();
			const keys = new DirectoryKeys(sodium.randombytes_buf(32));
			const file = path.join(await makeTempDir('parley-state-'), 'directory.jsonl');
			return {
				clock,
				open: async ({ presenceTtlMs = PRESENCE_TTL_MS, ...options } = {}) => {
					const directory = await DirectoryStore.open({ file, keys, now: clock.now, replayWindowMs: DIRECTORY_MAX_SKEW_MS, ...options });
					return track(new MemoryState(directory, clock.now, presenceTtlMs));
				},
				pass: (ms) => {
					clock.advance(ms);
					return Promise.resolve();
				}
			};
		}
	},
	{
		name: 'redis',
		harness: async () => {
			if (!redis) throw new Error('redis-server did not start');
			const server = redis;
			const sodium = await loadSodium();
			const clock = new ManualClock();
			const keys = new DirectoryKeys(sodium.randombytes_buf(32));
			const prefix = server.prefix();
			return {
				clock,
				open: async (options = {}) =>
					track(
						await RedisState.open({ url: server.url, prefix, keys, now: clock.now, replayWindowMs: DIRECTORY_MAX_SKEW_MS, presenceTtlMs: PRESENCE_TTL_MS, log: () => undefined, ...options })
					),
				pass: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
			};
		}
	}
];

function track(state: SharedState): SharedState {
	opened.push(state);
	return state;
}

beforeAll(async () => {
	if (redisAvailable) redis = await startRedis();
}, 20_000);
afterAll(async () => {
	await redis?.stop();
});
afterEach(async () => {
	await Promise.all(opened.splice(0).map((state) => state.close()));
	await cleanUp();
});

async function records(clock: ManualClock) {
	const sodium = await loadSodium();
	return {
		identity: () => createIdentity(sodium),
		hash: () => toHex(sodium.randombytes_buf(32)),
		record: (who: ReturnType<typeof createIdentity>, handleHash: string, op: DirectoryOp) => signRecord(sodium, who, { deploymentId: DEPLOYMENT_ID, handleHash, op, ts: clock.time })
	};
}

for (const backend of backends) {
	describe.skipIf(backend.name === 'redis' && !redisAvailable)(`shared state: ${backend.name}`, () => {
		describe('directory', () => {
			it('lets only one of two writers racing for a handle win, from two connections', async () => {
				const { clock, open } = await backend.harness();
				const { identity, hash, record } = await records(clock);
				// Two handles on one store for the embedded one (one file has one writer); two clients for Redis.
				const first = await open();
				const second = backend.name === 'redis' ? await open() : first;
				const h = hash();
				const outcomes = await Promise.all([first.directory.claim(record(identity(), h, 'claim')), second.directory.claim(record(identity(), h, 'claim'))]);
				expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(['stored', 'taken']);
			});

			it('finds a claim by its handle hash and releases it only for its owner', async () => {
				const { clock, open } = await backend.harness();
				const { identity, hash, record } = await records(clock);
				const state = await open();
				const [alice, mallory] = [identity(), identity()];
				const h = hash();
				const claim = record(alice, h, 'claim');
				expect(await state.directory.claim(claim)).toEqual({ kind: 'stored', created: true });
				expect(await state.directory.lookup(h)).toEqual(claim);
				expect(await state.directory.lookup(hash())).toBeUndefined();
				clock.advance(1);
				expect(await state.directory.release(record(mallory, h, 'release'))).toEqual({ kind: 'not-owner' });
				expect(await state.directory.release(record(alice, hash(), 'release'))).toEqual({ kind: 'not-found' });
				expect(await state.directory.release(record(alice, h, 'release'))).toEqual({ kind: 'released' });
				expect(await state.directory.lookup(h)).toBeUndefined();
			});

			it('keeps one handle per key: a new claim releases the old one', async () => {
				const { clock, open } = await backend.harness();
				const { identity, hash, record } = await records(clock);
				const state = await open({ maxEntries: 1 });
				const alice = identity();
				const [first, second] = [hash(), hash()];
				await state.directory.claim(record(alice, first, 'claim'));
				clock.advance(1);
				const moved = await state.directory.claim(record(alice, second, 'claim'));
				expect(moved).toMatchObject({ kind: 'stored', created: true });
				expect('released' in moved && moved.released).toMatch(/^[0-9a-f]{64}$/);
				expect(await state.directory.lookup(first)).toBeUndefined();
				// Still one entry: the cap of one is not reached by moving.
				expect(await state.directory.claim(record(identity(), hash(), 'claim'))).toEqual({ kind: 'full' });
			});

			it('refuses a replayed or older record of the same key', async () => {
				const { clock, open } = await backend.harness();
				const { identity, hash, record } = await records(clock);
				const state = await open();
				const alice = identity();
				const h = hash();
				const claim = record(alice, h, 'claim');
				await state.directory.claim(claim);
				expect(await state.directory.claim(claim)).toEqual({ kind: 'replayed', lastTs: claim.ts });
				clock.advance(5);
				const release = record(alice, h, 'release');
				expect(await state.directory.release(release)).toEqual({ kind: 'released' });
				// The old claim, played again after the release, cannot bring the handle back.
				expect(await state.directory.claim(claim)).toEqual({ kind: 'replayed', lastTs: release.ts });
			});

			it('refuses a new handle once the directory is full, but lets its owners refresh', async () => {
				const { clock, open } = await backend.harness();
				const { identity, hash, record } = await records(clock);
				const state = await open({ maxEntries: 1 });
				const alice = identity();
				const h = hash();
				await state.directory.claim(record(alice, h, 'claim'));
				expect(await state.directory.claim(record(identity(), hash(), 'claim'))).toEqual({ kind: 'full' });
				clock.advance(1);
				expect(await state.directory.claim(record(alice, h, 'claim'))).toEqual({ kind: 'stored', created: false });
			});
		});

		describe('registration tokens', () => {
			it('lets a token be claimed once within its time, from any connection', async () => {
				const { open } = await backend.harness();
				const first = await open();
				const second = backend.name === 'redis' ? await open() : first;
				const results = await Promise.all([first.tokens.claimOnce('token-1', 60_000), second.tokens.claimOnce('token-1', 60_000)]);
				expect(results.sort()).toEqual([false, true]);
				expect(await first.tokens.claimOnce('token-2', 60_000)).toBe(true);
			});
		});

		describe('rate counters', () => {
			it('gives each client its burst, then refills it with time', async () => {
				const { clock, open } = await backend.harness();
				const state = await open();
				const counter = state.counter('writes', 2);
				expect(await counter.take('192.0.2.1')).toEqual({ ok: true });
				expect(await counter.take('192.0.2.1')).toEqual({ ok: true });
				const refused = await counter.take('192.0.2.1');
				expect(refused.ok).toBe(false);
				expect(!refused.ok && refused.retryAfterMs).toBeGreaterThan(0);
				expect(await counter.take('192.0.2.2')).toEqual({ ok: true });
				clock.advance(30_000);
				expect(await counter.take('192.0.2.1')).toEqual({ ok: true });
			});
		});

		describe('presence', () => {
			it('tells which process holds an id, and lets only that process drop it', async () => {
				const { open } = await backend.harness();
				const state = await open();
				expect(await state.presence.claim('peer-1', { process: PROCESS_A, ts: 1000 })).toMatchObject({ ok: true });
				expect(await state.presence.holder('peer-1')).toEqual({ process: PROCESS_A, ts: 1000 });
				expect(await state.presence.claim('peer-1', { process: PROCESS_B, ts: 2000 })).toMatchObject({ ok: true });
				// A's late disconnect must not drop B's newer registration.
				await state.presence.release('peer-1', PROCESS_A);
				expect(await state.presence.holder('peer-1')).toEqual({ process: PROCESS_B, ts: 2000 });
				await state.presence.release('peer-1', PROCESS_B);
				expect(await state.presence.holder('peer-1')).toBeUndefined();
			});

			it('writes back the records a live process still holds when the store lost them (a Redis restart)', async () => {
				const { open, pass } = await backend.harness();
				const state = await open({ presenceTtlMs: 300 });
				expect(await state.presence.claim('mine', { process: PROCESS_A, ts: 7 })).toMatchObject({ ok: true });
				expect(await state.presence.claim('theirs', { process: PROCESS_B, ts: 9 })).toMatchObject({ ok: true });
				// Lost, as a Redis restart without persistence loses every record.
				await pass(400);
				expect(await state.presence.holder('mine')).toBeUndefined();
				await state.presence.refresh(PROCESS_A, new Map([['mine', 7]]));
				expect(await state.presence.holder('mine')).toEqual({ process: PROCESS_A, ts: 7 });
				// A refresh never takes an id another process holds.
				expect(await state.presence.claim('theirs', { process: PROCESS_B, ts: 9 })).toMatchObject({ ok: true });
				await state.presence.refresh(PROCESS_A, new Map([['theirs', 8]]));
				expect(await state.presence.holder('theirs')).toEqual({ process: PROCESS_B, ts: 9 });
			});

			it('lets one of two processes claiming an id at once win: the newer proof, whatever the order', async () => {
				const { open } = await backend.harness();
				const first = await open();
				const second = backend.name === 'redis' ? await open() : first;
				const claims = await Promise.all([first.presence.claim('peer-1', { process: PROCESS_A, ts: 1000 }), second.presence.claim('peer-1', { process: PROCESS_B, ts: 2000 })]);
				expect(await first.presence.holder('peer-1')).toEqual({ process: PROCESS_B, ts: 2000 });
				// Either B came second and evicted A, or A came second and was refused.
				expect([
					[{ ok: true }, { ok: true, previous: PROCESS_A }],
					[{ ok: false }, { ok: true }]
				]).toContainEqual(claims);
			});

			it('refuses an older proof, or none, for an id held elsewhere; a record without proof yields to any', async () => {
				const { open } = await backend.harness();
				const state = await open();
				expect(await state.presence.claim('peer-1', { process: PROCESS_A, ts: 2000 })).toEqual({ ok: true });
				expect(await state.presence.claim('peer-1', { process: PROCESS_B, ts: 2000 })).toEqual({ ok: false });
				expect(await state.presence.claim('peer-1', { process: PROCESS_B, ts: null })).toEqual({ ok: false });
				// Its own process may always take it again (its local takeover already judged).
				expect(await state.presence.claim('peer-1', { process: PROCESS_A, ts: 1500 })).toEqual({ ok: true });
				expect(await state.presence.claim('peer-2', { process: PROCESS_A, ts: null })).toMatchObject({ ok: true });
				expect(await state.presence.claim('peer-2', { process: PROCESS_B, ts: null })).toEqual({ ok: false });
				expect(await state.presence.claim('peer-2', { process: PROCESS_B, ts: 1 })).toEqual({ ok: true, previous: PROCESS_A });
			});

			it("forgets a crashed process's ids after the time to live, unless their process refreshes them", async () => {
				const { open, pass } = await backend.harness();
				const state = await open({ presenceTtlMs: 300 });
				expect(await state.presence.claim('alive', { process: PROCESS_A, ts: null })).toMatchObject({ ok: true });
				expect(await state.presence.claim('crashed', { process: PROCESS_B, ts: null })).toMatchObject({ ok: true });
				expect(await state.presence.claim('taken', { process: PROCESS_B, ts: null })).toMatchObject({ ok: true });
				await pass(200);
				await state.presence.refresh(PROCESS_A, new Map([['alive', null], ['taken', null]]));
				await pass(200);
				expect(await state.presence.holder('alive')).toEqual({ process: PROCESS_A, ts: null });
				expect(await state.presence.holder('crashed')).toBeUndefined();
				// A refresh extends only what its process holds.
				expect(await state.presence.holder('taken')).toBeUndefined();
			});
		});
	});
}
