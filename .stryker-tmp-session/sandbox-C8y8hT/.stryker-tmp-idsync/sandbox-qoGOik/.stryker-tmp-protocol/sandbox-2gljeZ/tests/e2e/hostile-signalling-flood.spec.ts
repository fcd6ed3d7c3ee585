// @ts-nocheck
// 
// 
import { expect, test } from './fixtures';
import { connectHostiles } from './hostile-signalling-client';
import { browserOfferSdp, openVictim, pause, signallingCounts, type SignallingCounts } from './hostile-signalling-steps';
import { addContactByHook, readStats, sendInOrder, setInvisible } from './parley-hooks';

// Finding 2 of issue 8: ~520 OFFERs from throwaway keys exhausted Chromium's limit on
// RTCPeerConnections ("Cannot create so many PeerConnections") and a friend's message waited
// ~30 s. Now an OFFER costs a connection only within the inbound limits, so a contact still
// gets through at once. Bounded and on loopback: 200 throwaway ids x 3 OFFERs.
const THROWAWAY_IDS = 200;
const OFFERS_EACH = 3;
/** What the limits allow at most (src/lib/net/inbound-limits.ts), plus the friend's link. */
const MAX_LIVE_PEER_CONNECTIONS = 24 + 2;
const FRIEND_DEADLINE_MS = 20_000;

test('a flood of 600 OFFERs from throwaway ids neither cuts off a contact nor grows PeerJS state', async ({ openPeer, baseURL }) => {
	test.setTimeout(180_000);
	const victim = await openVictim(openPeer, 'Victim');
	const friend = await openVictim(openPeer, 'Friend');
	await setInvisible(friend.peer.page, true);
	await addContactByHook(victim.peer.page, friend.id);
	await addContactByHook(friend.peer.page, victim.id);
	const sdp = await browserOfferSdp(victim.peer.page);
	const hostiles = await connectHostiles(baseURL!, THROWAWAY_IDS);

	const samples: SignallingCounts[] = [];
	let sampling = true;
	const sampler = (async () => {
		while (sampling) {
			samples.push(await signallingCounts(victim.peer.page));
			await pause(200);
		}
	})();
	try {
		// The first offers carry a broken SDP: PeerJS reports that as a Peer error, which must not
		// make the app drop its signalling connection (and with it every link).
		for (const hostile of hostiles.slice(0, 5)) hostile.offer(victim.id, 'v=0\r\nnot an sdp\r\n');
		for (let round = 0; round < OFFERS_EACH; round++) for (const hostile of hostiles) hostile.offer(victim.id, sdp);
		// The friend comes online in the middle of it and writes.
		await setInvisible(friend.peer.page, false);
		await sendInOrder(friend.peer.page, [{ peer: victim.id, texts: ['still reachable'] }]);
		await expect
			.poll(async () => (await readStats(victim.peer.page)).received.map((m) => m.text), { timeout: FRIEND_DEADLINE_MS })
			.toContain('still reachable');
		await pause(2_000);
	} finally {
		sampling = false;
		await sampler;
		for (const hostile of hostiles) hostile.close();
	}

	const answered = hostiles.filter((hostile) => hostile.repliesFrom(victim.id).some((f) => f.type === 'ANSWER')).length;
	const after = await signallingCounts(victim.peer.page);
	const peak = Math.max(...samples.map((s) => s.peerConnections ?? 0));
	test.info().annotations.push({ type: 'flood', description: `answered ${answered}/${THROWAWAY_IDS * OFFERS_EACH}, peak live peer connections ${peak}, dropped ${after.dropped}` });
	expect(peak).toBeLessThanOrEqual(MAX_LIVE_PEER_CONNECTIONS);
	expect(answered).toBeLessThanOrEqual(40);
	expect(after.dropped).toBeGreaterThan(THROWAWAY_IDS * OFFERS_EACH - 45);
	expect(after.lostMessages).toBe(0);
	// The signalling connection was never torn down and rebuilt by the flood.
	expect(after.peersCreated).toBe(1);
	expect(after.online).toBe(1);
});
