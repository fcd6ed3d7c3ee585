// @ts-nocheck
// 
import { afterEach, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../src/lib/ids/encoding';
import { loadSodium } from '../../src/lib/crypto/sodium';
import { REGISTRATION_WINDOW } from '../../src/lib/directory/registration-token';
import { PROOF_MESSAGES, RegistrationProofs, TAKEN_OVER_MESSAGE } from '../src/registration-proof';
import { cleanUp, LogRecorder, ManualClock, openPeerSocket, peerSocketUrl, startServer, TEST_DEPLOYMENT, testPeer } from './server-fixture';

afterEach(cleanUp);

const MINUTE = 60_000;

async function proofServer() {
	const clock = new ManualClock();
	const log = new LogRecorder();
	const server = await startServer({}, log, { now: clock.now });
	return { clock, log, server, url: (id: string, token: string) => peerSocketUrl(server.url, id, token) };
}

function refusal(message: string) {
	return { type: 'ERROR', payload: { msg: message } };
}

describe('registration proof at /peerjs', () => {
	it('refuses a stock peerjs client: its random token proves nothing', async () => {
		const { url, log } = await proofServer();
		const alice = await testPeer();
		// What peerjs 1.5 makes when no token is given: Math.random().toString(36).slice(2).
		const peer = openPeerSocket(url(alice.id, 'k2j5f0x9q1a'));
		expect(await peer.next()).toEqual(refusal('registration proof required'));
		await peer.closed;
		expect(log.lines).toEqual([]);
	});

	it('refuses ids that are not key hashes, whatever the token', async () => {
		const { url } = await proofServer();
		const alice = await testPeer();
		const peer = openPeerSocket(url('alice-1', alice.token()));
		expect(await peer.next()).toEqual(refusal(PROOF_MESSAGES.required));
		await peer.closed;
	});

	it('registers an id with a valid proof', async () => {
		const { url, clock, log } = await proofServer();
		const alice = await testPeer();
		const peer = openPeerSocket(url(alice.id, alice.token(clock.time)));
		expect(await peer.next()).toEqual({ type: 'OPEN' });
		expect(log.lines).toEqual(['peer connected (1 online)']);
	});

	it('refuses a proof made for another id', async () => {
		const { url, clock } = await proofServer();
		const [alice, mallory] = await Promise.all([testPeer(), testPeer()]);
		const peer = openPeerSocket(url(alice.id, mallory.token(clock.time)));
		expect(await peer.next()).toEqual(refusal(PROOF_MESSAGES.invalid));
		await peer.closed;
	});

	it('refuses a forged signature', async () => {
		const { url, clock } = await proofServer();
		const alice = await testPeer();
		const bytes = fromBase64Url(alice.token(clock.time)) as Uint8Array;
		bytes[100] = (bytes[100] ?? 0) ^ 1;
		const peer = openPeerSocket(url(alice.id, toBase64Url(bytes)));
		expect(await peer.next()).toEqual(refusal(PROOF_MESSAGES.invalid));
		await peer.closed;
	});

	it('accepts proofs up to 5 minutes old and 2 minutes ahead, and nothing outside that', async () => {
		const { url, clock } = await proofServer();
		const [alice, bob, carol, dave] = await Promise.all([testPeer(), testPeer(), testPeer(), testPeer()]);
		expect(await openPeerSocket(url(alice.id, alice.token(clock.time - 5 * MINUTE))).next()).toEqual({ type: 'OPEN' });
		expect(await openPeerSocket(url(bob.id, bob.token(clock.time + 2 * MINUTE))).next()).toEqual({ type: 'OPEN' });
		expect(await openPeerSocket(url(carol.id, carol.token(clock.time - 5 * MINUTE - 1))).next()).toEqual(refusal(PROOF_MESSAGES.expired));
		expect(await openPeerSocket(url(dave.id, dave.token(clock.time + 2 * MINUTE + 1))).next()).toEqual(refusal(PROOF_MESSAGES.expired));
	});

	it('refuses a proof made for another deployment', async () => {
		const { url, clock } = await proofServer();
		const alice = await testPeer();
		const elsewhere = openPeerSocket(url(alice.id, alice.token(clock.time, 'b3RoZXItZGVwbG95bWVudA')));
		expect(await elsewhere.next()).toEqual(refusal(PROOF_MESSAGES.invalid));
		await elsewhere.closed;
		expect(await openPeerSocket(url(alice.id, alice.token(clock.time))).next()).toEqual({ type: 'OPEN' });
	});

	it('lets a fresh proof take over a live registration (a reload), and never the reverse', async () => {
		const { url, clock } = await proofServer();
		const [alice, bob] = await Promise.all([testPeer(), testPeer()]);
		const carol = openPeerSocket(url(alice.id, alice.token(clock.time)));
		const before = openPeerSocket(url(bob.id, bob.token(clock.time)));
		expect(await carol.next()).toEqual({ type: 'OPEN' });
		expect(await before.next()).toEqual({ type: 'OPEN' });

		clock.advance(1000);
		const after = openPeerSocket(url(bob.id, bob.token(clock.time)));
		expect(await after.next()).toEqual({ type: 'OPEN' });
		// The replaced session learns why, so a second tab can stop instead of fighting back.
		expect(await before.next()).toEqual(refusal(TAKEN_OVER_MESSAGE));
		await before.closed;
		carol.send({ type: 'OFFER', dst: bob.id, payload: 'to the new tab' });
		expect(await after.next()).toEqual({ type: 'OFFER', src: alice.id, dst: bob.id, payload: 'to the new tab' });

		// The old page reconnecting with its (older) proof must not take the id back.
		const back = openPeerSocket(url(bob.id, bob.token(clock.time - 500)));
		expect(await back.next()).toEqual({ type: 'ID-TAKEN', payload: { msg: 'ID is taken' } });
		carol.send({ type: 'OFFER', dst: bob.id, payload: 'still the new tab' });
		expect(await after.next()).toMatchObject({ payload: 'still the new tab' });
	});

	it('does not let a refused socket disturb the owner', async () => {
		const { url, clock } = await proofServer();
		const [alice, bob] = await Promise.all([testPeer(), testPeer()]);
		const carol = openPeerSocket(url(alice.id, alice.token(clock.time)));
		const owner = openPeerSocket(url(bob.id, bob.token(clock.time)));
		expect(await carol.next()).toEqual({ type: 'OPEN' });
		expect(await owner.next()).toEqual({ type: 'OPEN' });
		const squatter = openPeerSocket(url(bob.id, 'any-token'));
		expect(await squatter.next()).toEqual(refusal(PROOF_MESSAGES.required));
		await squatter.closed;
		carol.send({ type: 'OFFER', dst: bob.id, payload: 'still yours' });
		expect(await owner.next()).toMatchObject({ payload: 'still yours' });
	});

	it('lets a reconnect with a fresh proof replace its stale socket', async () => {
		const { url, clock, log } = await proofServer();
		const bob = await testPeer();
		const stale = openPeerSocket(url(bob.id, bob.token(clock.time)));
		expect(await stale.next()).toEqual({ type: 'OPEN' });
		clock.advance(MINUTE);
		const token = bob.token(clock.time);
		const again = openPeerSocket(url(bob.id, token));
		expect(await again.next()).toEqual({ type: 'OPEN' });
		await stale.closed;
		// A token that replaced a socket is used up as well, also once its own socket is gone.
		const disconnected = log.next('peer disconnected');
		again.socket.close();
		await disconnected;
		expect(await openPeerSocket(url(bob.id, token)).next()).toEqual(refusal(PROOF_MESSAGES.reused));
	});

	it('refuses a token that already opened a socket, within its window, with that socket live or gone', async () => {
		const { url, clock, log } = await proofServer();
		const [alice, bob] = await Promise.all([testPeer(), testPeer()]);
		const carol = openPeerSocket(url(alice.id, alice.token(clock.time)));
		const token = bob.token(clock.time);
		const owner = openPeerSocket(url(bob.id, token));
		expect(await carol.next()).toEqual({ type: 'OPEN' });
		expect(await owner.next()).toEqual({ type: 'OPEN' });
		// A token copied from a proxy log, a minute later: it must not take the id, silently or not.
		clock.advance(MINUTE);
		const replay = openPeerSocket(url(bob.id, token));
		expect(await replay.next()).toEqual(refusal(PROOF_MESSAGES.reused));
		await replay.closed;
		carol.send({ type: 'OFFER', dst: bob.id, payload: 'still yours' });
		expect(await owner.next()).toMatchObject({ payload: 'still yours' });

		const disconnected = log.next('peer disconnected');
		owner.socket.close();
		await disconnected;
		expect(await openPeerSocket(url(bob.id, token)).next()).toEqual(refusal(PROOF_MESSAGES.reused));
		expect(await openPeerSocket(url(bob.id, bob.token(clock.time))).next()).toEqual({ type: 'OPEN' });
	});

	it.each([
		['an hour', 60 * MINUTE],
		['a day', 24 * 60 * MINUTE]
	])('refuses a token replayed %s later, even the id’s latest, with its socket live or gone', async (_, later) => {
		const { url, clock, log } = await proofServer();
		const bob = await testPeer();
		const token = bob.token(clock.time);
		const first = openPeerSocket(url(bob.id, token));
		expect(await first.next()).toEqual({ type: 'OPEN' });
		clock.advance(later);
		const whileLive = openPeerSocket(url(bob.id, token));
		expect(await whileLive.next()).toEqual(refusal(PROOF_MESSAGES.expired));
		const disconnected = log.next('peer disconnected');
		first.socket.close();
		await disconnected;
		const afterwards = openPeerSocket(url(bob.id, token));
		expect(await afterwards.next()).toEqual(refusal(PROOF_MESSAGES.expired));
		expect(await openPeerSocket(url(bob.id, bob.token(clock.time))).next()).toEqual({ type: 'OPEN' });
	});

	it('forgets stale tokens across a restart: a new proof is needed', async () => {
		const clock = new ManualClock();
		const before = await startServer({}, new LogRecorder(), { now: clock.now });
		const bob = await testPeer();
		const token = bob.token(clock.time);
		const first = openPeerSocket(peerSocketUrl(before.url, bob.id, token));
		expect(await first.next()).toEqual({ type: 'OPEN' });
		await before.close();
		await first.closed;

		clock.advance(60 * MINUTE);
		const after = await startServer({ port: before.port }, new LogRecorder(), { now: clock.now });
		const old = openPeerSocket(peerSocketUrl(after.url, bob.id, token));
		expect(await old.next()).toEqual(refusal(PROOF_MESSAGES.expired));
		const fresh = openPeerSocket(peerSocketUrl(after.url, bob.id, bob.token(clock.time)));
		expect(await fresh.next()).toEqual({ type: 'OPEN' });
	});
});

describe('memory of used registration tokens', () => {
	const reused = { kind: 'refuse', message: PROOF_MESSAGES.reused };

	async function proofs(maxRemembered: number) {
		const clock = new ManualClock();
		const judge = new RegistrationProofs(await loadSodium(), TEST_DEPLOYMENT.deploymentId, clock.now, REGISTRATION_WINDOW, maxRemembered);
		return { clock, judge };
	}

	it('forgets a token once it can no longer be valid, and not before', async () => {
		const { clock, judge } = await proofs(10);
		const [bob, carol] = await Promise.all([testPeer(), testPeer()]);
		// Signed as far ahead as the window allows: valid for the longest time.
		const token = bob.token(clock.time + REGISTRATION_WINDOW.maxAheadMs);
		judge.claim(token);
		clock.advance(REGISTRATION_WINDOW.maxAheadMs + REGISTRATION_WINDOW.maxAgeMs);
		// Its last valid millisecond: claiming another token prunes, and this one must stay.
		judge.claim(carol.token(clock.time));
		expect(judge.judge(bob.id, token, undefined)).toEqual(reused);
		expect(judge.rememberedTokens).toBe(2);
		clock.advance(1);
		judge.claim(carol.token(clock.time));
		expect(judge.rememberedTokens).toBe(2);
		expect(judge.judge(bob.id, token, undefined)).toEqual({ kind: 'refuse', message: PROOF_MESSAGES.expired });
	});

	it('keeps at most maxRemembered tokens, forgetting the oldest first', async () => {
		const { clock, judge } = await proofs(2);
		const peers = await Promise.all([testPeer(), testPeer(), testPeer()]);
		const tokens = peers.map((peer) => peer.token(clock.time));
		for (const token of tokens) judge.claim(token);
		expect(judge.rememberedTokens).toBe(2);
		expect(peers.map((peer, i) => judge.judge(peer.id, tokens[i] ?? '', undefined).kind)).toEqual(['admit', 'refuse', 'refuse']);
	});
});
