import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { GroupId } from '../../../src/lib/group/group-ids';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { Channel, Connections, ConnectionEvents } from '../../../src/lib/messenger/connections';
import { Reach } from '../../../src/lib/messenger/reach';
import { RETRY_BASE_MS } from '../../../src/lib/sync/reach-policy';
import { Emitter } from '../../../src/lib/util/emitter';

const BOB = 'bob-peer-id' as PeerId;
const dbs: ChatDb[] = [];
const stops: (() => void)[] = [];
let counter = 0;

afterEach(async () => {
	for (const stop of stops.splice(0)) stop();
	for (const db of dbs.splice(0)) {
		db.close();
		await db.delete();
	}
});

/**
 * A Reach over a stub of Connections: who has a channel and who is being dialled are sets the
 * test fills; only `ensure` calls (dials) are watched. Bob is owed one group copy.
 */
async function scene() {
	const db = new ChatDb(`reach-${++counter}`);
	dbs.push(db);
	// One group copy owed to Bob: hasPending is true for him.
	await db.groupDelivery.add({ messageId: 'm-1' as MessageId, member: BOB, group: 'g-1' as GroupId, seq: 1, status: 'pending' });
	const events = new Emitter<ConnectionEvents>();
	const ensured: PeerId[] = [];
	const channels = new Set<PeerId>();
	const dialing = new Set<PeerId>();
	const connections = {
		events,
		isDialing: (peer: PeerId) => dialing.has(peer),
		channel: (peer: PeerId) => (channels.has(peer) ? ({ peer } as unknown as Channel) : undefined),
		ensure: (peer: PeerId) => (ensured.push(peer), true)
	} as unknown as Connections;
	const reach = new Reach(db, connections);
	stops.push(() => reach.stop());
	return { db, events, ensured, reach, channels, dialing };
}

const afterFirstRetry = () => new Promise((resolve) => setTimeout(resolve, RETRY_BASE_MS + 300));

describe('a handshake that ends without a channel', () => {
	it('makes my own dial to a peer I owe messages to retry', async () => {
		const { events, ensured, reach } = await scene();
		events.emit('handshakeEnded', BOB, true);
		await afterFirstRetry();
		reach.stop();
		expect(ensured).toEqual([BOB]);
	});

	it('leaves a failed inbound handshake to its dialler: no retry, no read for whoever knocked', async () => {
		const { events, ensured, reach } = await scene();
		events.emit('handshakeEnded', BOB, false);
		await afterFirstRetry();
		reach.stop();
		expect(ensured).toEqual([]);
	});
});

describe('the retries of a peer I owe messages to', () => {
	it('dial it once per attempt, however often it is owed meanwhile', async () => {
		const { ensured, reach } = await scene();
		reach.owe(BOB);
		reach.owe(BOB);
		await afterFirstRetry();
		expect(ensured).toEqual([BOB]);
	});

	it('never start while it has a channel', async () => {
		const { ensured, reach, channels } = await scene();
		channels.add(BOB);
		reach.owe(BOB);
		await afterFirstRetry();
		expect(ensured).toEqual([]);
	});

	it('stop once it is reached', async () => {
		const { ensured, reach } = await scene();
		reach.owe(BOB);
		reach.reached(BOB);
		await afterFirstRetry();
		expect(ensured).toEqual([]);
	});

	it('wait while a dial to it is still under way', async () => {
		const { events, ensured, dialing } = await scene();
		dialing.add(BOB);
		// One of two dials ended; the other is still running: no retry on top of it.
		events.emit('handshakeEnded', BOB, true);
		await afterFirstRetry();
		expect(ensured).toEqual([]);
	});
});

describe('invisible mode', () => {
	it('dials nobody while paused: no retry, no wanted dial, no retry after a failed dial, no dial-on-connect', async () => {
		const { events, ensured, reach, db } = await scene();
		// A contact: dial-on-connect would dial him.
		await db.users.add({ peerId: BOB, name: 'Bob', state: 'contact', addedAt: 0, lastActivity: 0 });
		reach.pause();
		reach.owe(BOB);
		reach.want(BOB);
		events.emit('handshakeEnded', BOB, true);
		await reach.dialOnConnect();
		await afterFirstRetry();
		expect(ensured).toEqual([]);

		reach.resume();
		reach.want(BOB);
		expect(ensured).toEqual([BOB]);
	});

	it('drops the retries scheduled before it began', async () => {
		const { ensured, reach } = await scene();
		reach.owe(BOB);
		reach.pause();
		await afterFirstRetry();
		expect(ensured).toEqual([]);
	});
});
