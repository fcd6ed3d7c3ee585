// @ts-nocheck
// 
// 
import type { BrowserContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { connectHostile, type SignallingFrame } from './hostile-signalling-client';
import { blockByHook, browserOfferSdp, openVictim, pause, setReach, signallingCounts } from './hostile-signalling-steps';
import { addContactByHook, sendInOrder } from './parley-hooks';

// Finding 1, 2 and 10 of issue 8 at the signalling level, against real Chromium and the real
// PeerServer: a hostile client on a raw WebSocket sends OFFERs and watches what comes back.
// Before the fix PeerJS answered every OFFER (SDP answer + ICE candidates: our IP addresses)
// before the app looked at who was calling.

/** Long enough for an answer and trickled candidates on loopback (they take ~50 ms). */
const WATCH_MS = 3_000;

const addressLines = (frames: SignallingFrame[]) =>
	frames.flatMap((frame) => [frame.payload?.sdp?.sdp ?? '', frame.payload?.candidate?.candidate ?? '']).join('\n');

test('a blocked id gets no answer and no candidate, while a stranger does (the offer is answerable)', async ({ openPeer, baseURL }) => {
	const victim = await openVictim(openPeer, 'Victim');
	const sdp = await browserOfferSdp(victim.peer.page);
	const blocked = await connectHostile(baseURL!);
	const stranger = await connectHostile(baseURL!);
	try {
		await addContactByHook(victim.peer.page, blocked.id);
		await blockByHook(victim.peer.page, blocked.id);
		blocked.offer(victim.id, sdp);
		await pause(WATCH_MS);
		expect(blocked.repliesFrom(victim.id)).toEqual([]);

		stranger.offer(victim.id, sdp);
		await expect.poll(() => stranger.repliesFrom(victim.id).some((f) => f.type === 'ANSWER')).toBe(true);
	} finally {
		blocked.close();
		stranger.close();
	}
});

test('with reach "contacts" a stranger gets no answer and no candidate', async ({ openPeer, baseURL }) => {
	const victim = await openVictim(openPeer, 'Victim');
	const sdp = await browserOfferSdp(victim.peer.page);
	await setReach(victim.peer.page, 'contacts');
	const stranger = await connectHostile(baseURL!);
	const contact = await connectHostile(baseURL!);
	try {
		await addContactByHook(victim.peer.page, contact.id);
		stranger.offer(victim.id, sdp);
		contact.offer(victim.id, sdp);
		await expect.poll(() => contact.repliesFrom(victim.id).some((f) => f.type === 'ANSWER')).toBe(true);
		await pause(WATCH_MS);
		expect(stranger.repliesFrom(victim.id)).toEqual([]);
	} finally {
		stranger.close();
		contact.close();
	}
});

test('with a TURN server configured a stranger is answered with relay candidates only, a contact normally', async ({ openPeer, baseURL }) => {
	// Nothing listens there: relay-only gathering then finds no candidate at all, which is the point.
	const withTurn = async ({ context }: { context: BrowserContext }) => {
		await context.route('**/config.json', async (route) => {
			const response = await route.fetch();
			const config = (await response.json()) as { iceServers: object[] };
			config.iceServers.push({ urls: 'turn:127.0.0.1:9', username: 'parley', credential: 'test' });
			await route.fulfill({ response, json: config });
		});
	};
	const victim = await openVictim(openPeer, 'Victim', withTurn);
	const sdp = await browserOfferSdp(victim.peer.page);
	const stranger = await connectHostile(baseURL!);
	const contact = await connectHostile(baseURL!);
	try {
		await addContactByHook(victim.peer.page, contact.id);
		stranger.offer(victim.id, sdp);
		contact.offer(victim.id, sdp);
		await expect.poll(() => addressLines(contact.repliesFrom(victim.id))).toMatch(/typ host/);
		await expect.poll(() => stranger.repliesFrom(victim.id).some((f) => f.type === 'ANSWER')).toBe(true);
		await pause(WATCH_MS);
		expect(addressLines(stranger.repliesFrom(victim.id))).not.toMatch(/typ (host|srflx|prflx)/);

		// Replying to a stranger dials them: that OFFER is relay-only too.
		await sendInOrder(victim.peer.page, [{ peer: stranger.id, texts: ['a reply to a stranger'] }]);
		const dials = () => stranger.received.filter((f) => f.src === victim.id && (f.type === 'OFFER' || f.type === 'CANDIDATE'));
		await expect.poll(() => dials().some((f) => f.type === 'OFFER'), { timeout: 20_000 }).toBe(true);
		await pause(WATCH_MS);
		expect(addressLines(dials())).not.toMatch(/typ (host|srflx|prflx)/);
	} finally {
		stranger.close();
		contact.close();
	}
});

test('an OFFER that names its own serializer, or a media call, causes no page error and no answer', async ({ openPeer, baseURL }) => {
	const victim = await openVictim(openPeer, 'Victim');
	const sdp = await browserOfferSdp(victim.peer.page);
	const hostile = await connectHostile(baseURL!);
	try {
		// A contact, so only the offer's shape can be what stops it.
		await addContactByHook(victim.peer.page, hostile.id);
		for (const serialization of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'json']) hostile.offer(victim.id, sdp, { serialization });
		hostile.offer(victim.id, sdp, { type: 'media' });
		hostile.offer(victim.id, sdp, { metadata: { filler: 'x'.repeat(4096) } });
		await pause(WATCH_MS);
		expect(hostile.repliesFrom(victim.id)).toEqual([]);
		// No inbound attempt was admitted (the victim's own dial to its new contact is not one).
		expect((await signallingCounts(victim.peer.page)).pending).toBe(0);
	} finally {
		hostile.close();
	}
	// The openPeer fixture fails the test on any uncaught page error.
});

test('candidates and answers for connections that do not exist are dropped, not kept', async ({ openPeer, baseURL }) => {
	const victim = await openVictim(openPeer, 'Victim');
	const hostile = await connectHostile(baseURL!);
	try {
		const filler = 'x'.repeat(900);
		for (let i = 0; i < 200; i++) {
			hostile.send({ type: 'CANDIDATE', dst: victim.id, payload: { connectionId: `dc_lost${i}`, type: 'data', candidate: { candidate: filler, sdpMid: '0' } } });
			hostile.send({ type: 'ANSWER', dst: victim.id, payload: { connectionId: `dc_gone${i}`, type: 'data', sdp: { type: 'answer', sdp: filler } } });
		}
		await expect.poll(async () => (await signallingCounts(victim.peer.page)).dropped, { timeout: 10_000 }).toBeGreaterThanOrEqual(400);
		const counts = await signallingCounts(victim.peer.page);
		expect(counts.lostMessages).toBe(0);
		expect(counts.connections).toBe(0);
	} finally {
		hostile.close();
	}
});
