import { afterEach, describe, expect, it } from 'vitest';
import { ChangeFeed, type StoredChanges } from '../../../src/lib/db/change-feed';
import type { ThreadMessage } from '../../../src/lib/db/schema';
import { FeedMirror } from '../../../src/lib/app/feed-mirror';
import { MAX_MIRRORED_ROWS, MIRROR_VERSION } from '../../../src/lib/app/mirrored-changes';
import { MAX_TEXT_CHARS } from '../../../src/lib/protocol/limits';

let channelCount = 0;
const open: FeedMirror[] = [];
afterEach(() => {
	for (const mirror of open.splice(0)) mirror.close();
});

/** Tabs of one origin: a feed each, mirrored over real BroadcastChannels (Node has them). */
function tabs(count: number) {
	const name = `mirror-test-${++channelCount}`;
	return Array.from({ length: count }, () => {
		const feed = new ChangeFeed();
		const seen: StoredChanges[] = [];
		feed.subscribe((changes) => seen.push(changes));
		const mirror = new FeedMirror(feed, new BroadcastChannel(name));
		open.push(mirror);
		return { feed, seen, mirror, raw: new BroadcastChannel(name) };
	});
}

const until = async (probe: () => boolean) => {
	for (let i = 0; i < 200 && !probe(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

const message = (overrides: Partial<ThreadMessage> = {}): ThreadMessage =>
	({
		direction: 'out',
		id: '0190a0b0-c0d0-7e00-8000-000000000001',
		conversationId: 'pbob',
		peerId: 'pbob',
		seq: 1,
		text: 'hello',
		time: 1_000,
		status: 'pending',
		...overrides
	}) as ThreadMessage;

describe('FeedMirror', () => {
	it("publishes another tab's committed change here, marked remote, and never posts it again", async () => {
		const [writer, reader, third] = tabs(3);
		writer!.feed.publish({ messages: [message()], users: [], cleared: ['pcarol'] });
		await until(() => reader!.seen.length > 0 && third!.seen.length > 0);
		await settle();
		expect(reader!.seen).toEqual([{ messages: [message()], users: [], cleared: ['pcarol'], remote: true }]);
		// Exactly once in each other tab: the reader did not echo it to the third.
		expect(third!.seen).toHaveLength(1);
		expect(writer!.seen).toHaveLength(1);
		expect(writer!.seen[0]!.remote).toBeUndefined();
	});

	it('drops what does not fit the shape or the bounds, and counts it', async () => {
		const [reader] = tabs(1);
		const post = (data: unknown) => reader!.raw.postMessage(data);
		const valid = { v: MIRROR_VERSION, messages: [message()] };
		post('not an object');
		post({ ...valid, v: MIRROR_VERSION + 1 });
		post({ v: MIRROR_VERSION, messages: [message({ text: 'x'.repeat(MAX_TEXT_CHARS + 1) })] });
		post({ v: MIRROR_VERSION, messages: Array.from({ length: MAX_MIRRORED_ROWS + 1 }, () => message()) });
		post({ v: MIRROR_VERSION, messages: [{ ...message(), direction: 'sideways' }] });
		post({ v: MIRROR_VERSION, messages: [{ ...message(), time: 'yesterday' }] });
		post({ v: MIRROR_VERSION, messages: [], users: [{ peerId: 'pbob', name: 'Bob' }] });
		post(valid);
		await until(() => reader!.seen.length > 0);
		await settle();
		expect(reader!.mirror.dropped).toBe(7);
		expect(reader!.seen).toEqual([{ messages: [message()], remote: true }]);
	});
});
