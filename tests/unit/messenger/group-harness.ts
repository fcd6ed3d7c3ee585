import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import type { GroupId } from '../../../src/lib/group/group-ids';
import type { MessageId } from '../../../src/lib/ids/message-id';
import { eventually, makePeer, type TestPeer } from './messenger-harness';

/** `count` peers on one fake network, named Alice, Bob, Carol, Dave, then P4, P5, ... */
export async function makeCrowd(count: number): Promise<{ network: FakeNetwork; peers: TestPeer[] }> {
	const network = new FakeNetwork();
	const names = ['Alice', 'Bob', 'Carol', 'Dave'];
	const peers: TestPeer[] = [];
	for (let i = 0; i < count; i++) peers.push(await makePeer(network, names[i] ?? `P${i}`));
	return { network, peers };
}

/** The texts of a group thread at one peer, in stored (arrival) order, sent and received. */
export async function groupTexts(peer: TestPeer, group: GroupId): Promise<string[]> {
	const [sent, received] = await Promise.all([
		peer.db.sender.where('[conversationId+time]').between([group, -Infinity], [group, Infinity]).toArray(),
		peer.db.receiver.where('[conversationId+time]').between([group, -Infinity], [group, Infinity]).toArray()
	]);
	return [...sent, ...received].sort((a, b) => a.time - b.time).map((row) => row.text);
}

/** Waits until the peer holds the message (received row). */
export function received(peer: TestPeer, id: MessageId, timeoutMs = 3000) {
	return eventually(() => peer.db.receiver.get(id), (row) => row !== undefined, timeoutMs);
}

/** Waits until every given peer holds the group. */
export async function joined(peers: readonly TestPeer[], group: GroupId): Promise<void> {
	for (const peer of peers) await eventually(() => peer.db.groups.get(group), (row) => row !== undefined);
}
