import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { GroupId } from '../../../src/lib/group/group-ids';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { Connections, ConnectionEvents } from '../../../src/lib/messenger/connections';
import { Reach } from '../../../src/lib/messenger/reach';
import { RETRY_BASE_MS } from '../../../src/lib/sync/reach-policy';
import { Emitter } from '../../../src/lib/util/emitter';

const BOB = 'bob-peer-id' as PeerId;
const dbs: ChatDb[] = [];
let counter = 0;

afterEach(async () => {
	for (const db of dbs.splice(0)) {
		db.close();
		await db.delete();
	}
});

/** A Reach over a stub of Connections that never has a channel: only `ensure` calls are watched. */
async function scene() {
	const db = new ChatDb(`reach-ended-${++counter}`);
	dbs.push(db);
	// One group copy owed to Bob: hasPending is true for him.
	await db.groupDelivery.add({ messageId: 'm-1' as MessageId, member: BOB, group: 'g-1' as GroupId, seq: 1, status: 'pending' });
	const events = new Emitter<ConnectionEvents>();
	const ensured: PeerId[] = [];
	const connections = {
		events,
		isDialing: () => false,
		channel: () => undefined,
		ensure: (peer: PeerId) => (ensured.push(peer), true)
	} as unknown as Connections;
	const reach = new Reach(db, connections);
	return { events, ensured, reach };
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
