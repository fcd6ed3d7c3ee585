// @ts-nocheck
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIdentity } from '../../src/lib/crypto/identity';
import { loadSodium } from '../../src/lib/crypto/sodium';
import { DIRECTORY_MAX_SKEW_MS, signRecord, type DirectoryOp } from '../../src/lib/directory/record';
import { toHex } from '../../src/lib/ids/encoding';
import { clientKey, RateLimiter } from '../src/directory/rate-limit';
import { DirectoryKeys } from '../src/directory/sealing';
import { DirectoryStore } from '../src/directory/store';
import { cleanUp, makeTempDir, ManualClock } from './server-fixture';

const DEPLOYMENT_ID = 'store-test';

const opened: DirectoryStore[] = [];
afterEach(async () => {
	await Promise.all(opened.splice(0).map((store) => store.close()));
	await cleanUp();
});

async function setup(options: { maxEntries?: number; compactSlackLines?: number } = {}) {
	const sodium = await loadSodium();
	const clock = new ManualClock();
	const file = path.join(await makeTempDir('parley-store-'), 'directory.jsonl');
	const keys = new DirectoryKeys(sodium.randombytes_buf(32));
	const openStore = async () => {
		const store = await DirectoryStore.open({ file, keys, now: clock.now, replayWindowMs: DIRECTORY_MAX_SKEW_MS, ...options });
		opened.push(store);
		return store;
	};
	const identity = () => createIdentity(sodium);
	const hash = () => toHex(sodium.randombytes_buf(32));
	const record = (who: ReturnType<typeof identity>, handleHash: string, op: DirectoryOp) => signRecord(sodium, who, { deploymentId: DEPLOYMENT_ID, handleHash, op, ts: clock.time });
	const lines = async () => (await readFile(file, 'utf8')).trimEnd().split('\n').filter(Boolean);
	return { clock, file, keys, openStore, identity, hash, record, lines };
}

describe('DirectoryStore', () => {
	it('lets only one of two racing claims for a handle win', async () => {
		const { openStore, identity, hash, record } = await setup();
		const store = await openStore();
		const h = hash();
		const outcomes = await Promise.all([store.claim(record(identity(), h, 'claim')), store.claim(record(identity(), h, 'claim'))]);
		expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(['stored', 'taken']);
		await store.close();
	});

	it('reports the handle a new claim released', async () => {
		const { openStore, identity, hash, record, clock, keys } = await setup();
		const store = await openStore();
		const alice = identity();
		const [first, second] = [hash(), hash()];
		expect(await store.claim(record(alice, first, 'claim'))).toEqual({ kind: 'stored', created: true });
		clock.advance(1);
		expect(await store.claim(record(alice, second, 'claim'))).toEqual({ kind: 'stored', created: true, released: keys.lookupKey(first) });
		expect(store.lookup(first)).toBeUndefined();
		expect(store.size).toBe(1);
		await store.close();
	});

	it('refuses new handles beyond its capacity but still lets owners move', async () => {
		const { openStore, identity, hash, record, clock } = await setup({ maxEntries: 2 });
		const store = await openStore();
		const alice = identity();
		expect((await store.claim(record(alice, hash(), 'claim'))).kind).toBe('stored');
		expect((await store.claim(record(identity(), hash(), 'claim'))).kind).toBe('stored');
		expect(await store.claim(record(identity(), hash(), 'claim'))).toEqual({ kind: 'full' });
		clock.advance(1);
		expect((await store.claim(record(alice, hash(), 'claim'))).kind).toBe('stored');
		await store.close();
	});

	it('compacts the file as it grows, keeping live claims and releases that still guard against replays', async () => {
		const { openStore, identity, hash, record, clock, lines } = await setup({ compactSlackLines: 10 });
		const store = await openStore();
		const leaver = identity();
		const gone = hash();
		const leaverClaim = record(leaver, gone, 'claim');
		await store.claim(leaverClaim);
		clock.advance(1);
		expect(await store.release(record(leaver, gone, 'release'))).toEqual({ kind: 'released' });

		const alice = identity();
		const h = hash();
		for (let i = 0; i < 30; i++) {
			clock.advance(1);
			expect((await store.claim(record(alice, h, 'claim'))).kind).toBe('stored');
		}
		// 32 records were appended; compaction rewrote the file down to what the state needs.
		expect((await lines()).length).toBeLessThan(2 * 2 + 10 + 2);
		const last = store.lookup(h);
		await store.close();

		const reopened = await openStore();
		expect(reopened.lookup(h)).toEqual(last);
		expect(reopened.lookup(gone)).toBeUndefined();
		expect(await reopened.claim(leaverClaim)).toMatchObject({ kind: 'replayed' });

		// Once a replay could no longer pass the clock check, the release is dropped at the next rewrite.
		clock.advance(DIRECTORY_MAX_SKEW_MS + 1);
		for (let i = 0; i < 30; i++) {
			clock.advance(1);
			await reopened.claim(record(alice, h, 'claim'));
		}
		await reopened.close();
		const kept = (await lines()).map((line) => JSON.parse(line) as { op: string });
		expect(kept.some((line) => line.op === 'release')).toBe(false);
		expect((await openStore()).lookup(h)?.ts).toBe(clock.time);
	});

	it('refuses to work after close', async () => {
		const { openStore, identity, hash, record } = await setup();
		const store = await openStore();
		await store.close();
		await expect(store.claim(record(identity(), hash(), 'claim'))).rejects.toThrow(/closed/);
	});
});

describe('rate limiting', () => {
	it('refills continuously and reports when the next request is allowed', () => {
		const clock = new ManualClock(0);
		const limiter = new RateLimiter({ perMinute: 2 }, clock.now);
		expect(limiter.take('a')).toEqual({ ok: true });
		expect(limiter.take('a')).toEqual({ ok: true });
		expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 30_000 });
		expect(limiter.take('b')).toEqual({ ok: true });
		clock.advance(15_000);
		expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 15_000 });
		clock.advance(15_000);
		expect(limiter.take('a')).toEqual({ ok: true });
	});

	it('forgets the least recently seen clients beyond its bound', () => {
		const clock = new ManualClock(0);
		const limiter = new RateLimiter({ perMinute: 1 }, clock.now, 2);
		limiter.take('a');
		limiter.take('b');
		limiter.take('c');
		// "a" was forgotten, so it starts with a full bucket again; "c" was not.
		expect(limiter.take('a').ok).toBe(true);
		expect(limiter.take('c').ok).toBe(false);
	});

	it.each([
		['127.0.0.1', '127.0.0.1'],
		['::ffff:10.1.2.3', '10.1.2.3'],
		['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
		['2001:0db8:0001:0002::9', '2001:db8:1:2::/64'],
		['2001:db8::1', '2001:db8:0:0::/64'],
		['::1', '0:0:0:0::/64'],
		['fe80::1%eth0', 'fe80:0:0:0::/64'],
		[undefined, 'unknown']
	])('keys %s as %s', (address, key) => {
		expect(clientKey(address)).toBe(key);
	});
});
