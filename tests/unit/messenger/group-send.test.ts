import { describe, expect, it, vi } from 'vitest';
import { deliveryOf } from '../../../src/lib/db/group-outbox';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { spyTransactions, type TransactionRecord } from '../db/idb-spy';
import { makePeer, startedPeers } from './messenger-harness';
import { joined, settled } from './group-harness';

const start = startedPeers();
vi.setConfig({ testTimeout: 60_000 });

describe('my group messages on the wire', () => {
	it('leave only after their record is durable (a seq a member saw is never signed again after a power cut)', async () => {
		const network = new FakeNetwork();
		const alice = await makePeer(network, 'Alice');
		const bob = await makePeer(network, 'Bob');
		await start(alice, bob);
		const group = await alice.messenger.createGroup('Crag', [bob.identity.peerId]);
		await joined([alice, bob], group);
		const committed: TransactionRecord[] = [];
		spyTransactions(alice.db, (record) => void committed.push(record));
		const seen: { lastRecord: number; lastStrict: number }[] = [];
		const connections = alice.messenger.connections;
		const send = connections.send.bind(connections);
		connections.send = (to, frame) => {
			if (frame.t === 'gmsg') {
				seen.push({
					lastRecord: committed.findLastIndex((record) => record.mode === 'readwrite' && record.stores.includes('groupFrames')),
					lastStrict: committed.findLastIndex((record) => record.durability === 'strict')
				});
			}
			return send(to, frame);
		};
		const ids = await Promise.all(['one', 'two', 'three'].map((text) => alice.messenger.sendGroupText(group, text)));
		for (const id of ids) await settled(() => deliveryOf(alice.db, id), (rows) => rows.every((row) => row.status === 'sent'));
		expect(seen.length).toBeGreaterThanOrEqual(3);
		for (const { lastRecord, lastStrict } of seen) {
			expect(lastRecord).toBeGreaterThanOrEqual(0);
			expect(lastStrict).toBeGreaterThan(lastRecord);
		}
	});
});
