import { safeFileName } from '../../../src/lib/files/file-name';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentHasher } from '../../../src/lib/crypto/file-cipher';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { chunksInOrder } from '../../../src/lib/db/file-store';
import { putSetting } from '../../../src/lib/db/settings-queries';
import { deleteConversation } from '../../../src/lib/db/conversation-delete';
import { deleteGroup } from '../../../src/lib/db/group-delete';
import { messageFrame } from '../../../src/lib/messenger/outbox';
import { MAX_FILE_BYTES_SETTING } from '../../../src/lib/messenger/files/file-wiring';
import { FileTransfers } from '../../../src/lib/messenger/files/file-transfers';
import type { FileRow } from '../../../src/lib/db/file-rows';
import { bytesOfHex, hexOf } from '../../../src/lib/files/hex';
import { FILE_STREAM_ID, LEGACY_FILE_STREAM_ID } from '../../../src/lib/files/file-stream';
import { PeerSession, type VerifiedPeer } from '../../../src/lib/session/peer-session';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { FileProgress } from '../../../src/lib/messenger/files/file-deps';
import { FakeFileChannel } from '../../../src/lib/net/fake-file-channel';
import { FakeLink, FakeNetwork } from '../../../src/lib/net/fake-transport';
import type { GroupId } from '../../../src/lib/group/group-ids';
import { eventually, makePair, makePeer, startedPeers, type TestPeer } from './messenger-harness';
import { joined, settled } from './group-harness';
import { fileBytes } from '../files/file-scene';

const start = startedPeers();
const MB = 1024 * 1024;
vi.setConfig({ testTimeout: 60_000 });

/** Peers whose local log events are kept (file refusals are logged, never sent). */
async function crowd(count: number): Promise<{ network: FakeNetwork; peers: (TestPeer & { events: string[] })[] }> {
	const network = new FakeNetwork();
	const peers: (TestPeer & { events: string[] })[] = [];
	for (const name of ['Alice', 'Bob', 'Carol', 'Dave'].slice(0, count)) {
		const events: string[] = [];
		const peer = await makePeer(network, name, { log: { reject: (reason) => void events.push(reason), info: (event) => void events.push(event) } });
		peers.push({ ...peer, events });
	}
	return { network, peers };
}

/** Makes every one of `peers` an added contact of every other (group files from contacts are fetched at once). */
async function friends(peers: readonly TestPeer[]): Promise<void> {
	for (const a of peers) for (const b of peers) if (a !== b) await a.messenger.addContact(b.identity.peerId);
}

/** Chunk frames put on file channels (only senders of files send them). */
function countChunksSent(): { count: () => number } {
	const send = vi.spyOn(FakeFileChannel.prototype, 'send');
	return { count: () => send.mock.calls.length };
}

afterEach(() => {
	vi.restoreAllMocks();
});

const blob = (size: number, seed = 1) => new Blob([fileBytes(size, seed)]);

const fileAt = (peer: TestPeer, id: MessageId) => peer.db.files.get(id);
const stateAt = async (peer: TestPeer, id: MessageId) => (await fileAt(peer, id))?.state;

/** The stored chunks of a file hash to what its row announced. */
async function verified(peer: TestPeer, row: FileRow): Promise<boolean> {
	const hasher = new ContentHasher(await loadSodium());
	let bytes = 0;
	for await (const chunk of chunksInOrder(peer.db, row.hash, row.chunks)) {
		const data = new Uint8Array(await chunk.data.arrayBuffer());
		bytes += data.length;
		hasher.update(data);
	}
	return bytes === row.size && hexOf(hasher.digest()) === row.hash;
}

async function contacts(a: TestPeer, b: TestPeer): Promise<void> {
	await a.messenger.addContact(b.identity.peerId);
	await b.messenger.addContact(a.identity.peerId);
}

describe('Files between two messengers', () => {
	it('chat to or from a peer, not a file announcement, makes files to them give way (chat-budget.ts)', async () => {
		const noted = vi.spyOn(FileTransfers.prototype, 'noteChat');
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		const [fileId] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(1000), name: 'a.bin' }]);
		await eventually(() => stateAt(bob, fileId!), (state) => state === 'complete', 5000);
		expect(noted).not.toHaveBeenCalled();
		await alice.messenger.sendText(bob.identity.peerId, 'hello');
		await eventually(async () => noted.mock.calls.length, (count) => count >= 2, 5000);
		expect(noted.mock.calls.map(([peer]) => peer).sort()).toEqual([alice.identity.peerId, bob.identity.peerId].sort());
	});

	it('carries chunks on the file channel of stream FILE_STREAM_ID between peers of this version (files/file-stream.ts)', async () => {
		const streams = vi.spyOn(FakeLink.prototype, 'fileChannel');
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(200_000), name: 'a.bin' }]);
		await eventually(() => stateAt(bob, id!), (state) => state === 'complete', 5000);
		expect(streams).toHaveBeenCalled();
		expect(new Set(streams.mock.calls.map(([stream]) => stream))).toEqual(new Set([FILE_STREAM_ID]));
	});

	it('with a peer whose auth said no file channel version, both carry chunks on stream 1001 (an older peer)', async () => {
		// Each session sees the other as version 1, as with a peer of an older version (its auth
		// had no `fch`); the file must still get through, on the older stream.
		const peerOf = Object.getOwnPropertyDescriptor(PeerSession.prototype, 'peer')!.get!;
		vi.spyOn(PeerSession.prototype, 'peer', 'get').mockImplementation(function (this: PeerSession) {
			const peer = peerOf.call(this) as VerifiedPeer | null;
			return peer === null ? null : { ...peer, fileChannel: 1 };
		});
		const streams = vi.spyOn(FakeLink.prototype, 'fileChannel');
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(200_000), name: 'a.bin' }]);
		await eventually(() => stateAt(bob, id!), (state) => state === 'complete', 5000);
		expect(new Set(streams.mock.calls.map(([stream]) => stream))).toEqual(new Set([LEGACY_FILE_STREAM_ID]));
	});

	it('sends a 1 MB file: the receiver stores it complete and verified, the message with its caption', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		const progress: FileProgress[] = [];
		bob.messenger.events.on('fileProgress', (p) => progress.push(p));
		const bytes = fileBytes(MB);
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: new Blob([bytes], { type: 'application/pdf' }), name: 'report.pdf' }], { caption: 'the report' });
		expect(await alice.db.sender.get(id!)).toMatchObject({ kind: 'file', text: 'the report' });
		expect(await fileAt(alice, id!)).toMatchObject({ direction: 'out', state: 'sending', name: 'report.pdf', size: MB });
		const row = await eventually(() => fileAt(bob, id!), (r) => r?.state === 'complete', 5000);
		expect(await bob.db.receiver.get(id!)).toMatchObject({ kind: 'file', text: 'the report', peerId: alice.identity.peerId });
		expect(row).toMatchObject({ direction: 'in', name: 'report.pdf', type: 'application/pdf', size: MB, peerId: alice.identity.peerId });
		expect(await verified(bob, row!)).toBe(true);
		expect(progress.at(-1)).toMatchObject({ messageId: id, direction: 'in', bytes: MB, size: MB });
	});

	it('sends a file larger than one request window (20 MB, 320 chunks): the next window never drops the rest of the last', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		const sent = countChunksSent();
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(20 * MB, 3), name: 'windows.bin' }]);
		const row = await eventually(() => fileAt(bob, id!), (r) => r?.state === 'complete', 20_000);
		expect(await verified(bob, row!)).toBe(true);
		// Each chunk served once: windows are added to the queue, not re-asked.
		expect(sent.count()).toBe(row!.chunks);
	});

	it('a file without a caption previews as “File: ” and its shown name in the conversation list, on both sides and in a group', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: new Blob([fileBytes(1000)]), name: 'plan\u202Etxt.exe' }]);
		await eventually(() => bob.db.receiver.get(id!), (r) => r !== undefined, 5000);
		// The bidi override a peer put in the name never reaches the list.
		expect((await alice.db.users.get(bob.identity.peerId))?.preview).toEqual({ text: `File: ${safeFileName('plan\u202Etxt.exe')}`, outgoing: true });
		expect((await bob.db.users.get(alice.identity.peerId))?.preview).toEqual({ text: `File: ${safeFileName('plan\u202Etxt.exe')}`, outgoing: false });
		expect(safeFileName('plan\u202Etxt.exe')).not.toContain('\u202E');
		// Both copies keep the shown name for search.
		expect((await alice.db.sender.get(id!))?.fileName).toBe(safeFileName('plan\u202Etxt.exe'));
		expect((await bob.db.receiver.get(id!))?.fileName).toBe(safeFileName('plan\u202Etxt.exe'));
		const [captioned] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: new Blob([fileBytes(10)]), name: 'x.bin' }], { caption: 'see this' });
		await eventually(() => bob.db.receiver.get(captioned!), (r) => r !== undefined, 5000);
		expect((await bob.db.users.get(alice.identity.peerId))?.preview?.text).toBe('see this');
	});

	it('gives each file its own message and the caption to the first only', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		const ids = await alice.messenger.sendFiles(
			bob.identity.peerId,
			[
				{ blob: new Blob([fileBytes(1000, 2)]), name: 'a.bin' },
				{ blob: new Blob([fileBytes(2000, 3)]), name: 'b.bin' }
			],
			{ caption: 'two files' }
		);
		expect(ids).toHaveLength(2);
		await eventually(() => Promise.all(ids.map((id) => stateAt(bob, id))), (states) => states.every((s) => s === 'complete'));
		const rows = await bob.db.receiver.bulkGet(ids);
		expect(rows.map((r) => r?.text)).toEqual(['two files', '']);
	});
});

describe('Files and reachability', () => {
	it('sends to an offline contact: the file is fetched once both are up', async () => {
		const { alice, bob } = await makePair();
		await start(alice);
		await alice.messenger.addContact(bob.identity.peerId);
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(300_000), name: 'later.bin' }]);
		expect(await alice.db.sender.get(id!)).toMatchObject({ status: 'pending', kind: 'file' });
		await start(bob);
		await bob.messenger.addContact(alice.identity.peerId);
		alice.messenger.connect(bob.identity.peerId);
		const row = await eventually(() => fileAt(bob, id!), (r) => r?.state === 'complete', 5000);
		expect(await verified(bob, row!)).toBe(true);
	});

	it('resumes a transfer cut mid-way by asking only for the chunks it lacks', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		const sent = countChunksSent();
		let cut = false;
		bob.messenger.events.on('fileProgress', (p) => {
			if (cut || p.direction !== 'in') return;
			cut = true;
			alice.messenger.connections.channel(bob.identity.peerId)?.link.close();
		});
		// Four whole pieces: the first write (a piece, MIN_WRITE_CHUNKS) and its progress come mid-way.
		const size = 16 * MB;
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(size), name: 'big.bin' }]);
		await eventually(() => cut, (c) => c);
		// Whatever was on the way when the link went is written (or lost) before the reconnect.
		await eventually(() => alice.messenger.connections.channel(bob.identity.peerId), (c) => c === undefined);
		await new Promise((resolve) => setTimeout(resolve, 100));
		const before = (await fileAt(bob, id!))!;
		expect(before.state).toBe('receiving');
		const held = before.have.reduce((n, [a, b]) => n + b - a, 0);
		expect(held).toBeGreaterThan(0);
		expect(held).toBeLessThan(before.chunks);
		const sentBefore = sent.count();
		alice.messenger.connect(bob.identity.peerId);
		const row = await eventually(() => fileAt(bob, id!), (r) => r?.state === 'complete', 10_000);
		expect(await verified(bob, row!)).toBe(true);
		// Only the gaps were served again: not one chunk Bob already held.
		expect(sent.count() - sentBefore).toBe(before.chunks - held);
	});

	it('resumes after a restart of the receiver: rows left receiving are fetched when the author connects', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		let cut = false;
		bob.messenger.events.on('fileProgress', (p) => {
			if (cut || p.direction !== 'in') return;
			cut = true;
			void bob.messenger.setInvisible(true);
		});
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(12 * MB), name: 'restart.bin' }]);
		await eventually(() => cut, (c) => c);
		bob.messenger.stop();
		await new Promise((resolve) => setTimeout(resolve, 50));
		const again = new (bob.messenger.constructor as typeof import('../../../src/lib/messenger/messenger').Messenger)({
			db: bob.db,
			transport: bob.transport,
			sodium: await loadSodium(),
			identity: bob.identity,
			displayName: () => 'Bob',
			log: { reject() {}, info() {} }
		});
		await again.start();
		await again.setInvisible(false);
		try {
			const row = await eventually(() => fileAt(bob, id!), (r) => r?.state === 'complete', 10_000);
			expect(await verified(bob, row!)).toBe(true);
		} finally {
			again.stop();
		}
	});
});

describe('Files: damaged storage', () => {
	it('a stored row that cannot name its file is declined as damaged at start; the app still starts and the rest resume', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		const [good] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(200_000, 41), name: 'good.bin' }]);
		await eventually(() => fileAt(bob, good!), (r) => r !== undefined);
		bob.messenger.stop();
		const row = (await fileAt(bob, good!))!;
		// A damaged copy of the row (its hash is not one) beside the good one, both left receiving.
		await bob.db.files.put({ ...row, messageId: '0190a000-0000-7000-8000-0000000000aa' as MessageId, hash: 'not-a-hash', state: 'receiving', have: [] });
		await bob.db.files.update(good!, { state: 'receiving', have: [] });
		const again = new (bob.messenger.constructor as typeof import('../../../src/lib/messenger/messenger').Messenger)({
			db: bob.db,
			transport: bob.transport,
			sodium: await loadSodium(),
			identity: bob.identity,
			displayName: () => 'Bob',
			log: { reject() {}, info() {} }
		});
		await again.start();
		try {
			expect(await fileAt(bob, '0190a000-0000-7000-8000-0000000000aa' as MessageId)).toMatchObject({ state: 'declined', problem: 'damaged' });
			const done = await eventually(() => fileAt(bob, good!), (r) => r?.state === 'complete', 10_000);
			expect(await verified(bob, done!)).toBe(true);
		} finally {
			again.stop();
		}
	});
});

describe('Files and trust', () => {
	it('does not fetch a file in a message request until the request is accepted', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await alice.messenger.addContact(bob.identity.peerId);
		const sent = countChunksSent();
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(200_000), name: 'from-a-stranger.bin' }]);
		await eventually(() => bob.db.receiver.get(id!), (r) => r !== undefined);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await fileAt(bob, id!)).toMatchObject({ state: 'waiting', have: [] });
		expect(sent.count()).toBe(0);
		await bob.messenger.addContact(alice.identity.peerId);
		await eventually(() => stateAt(bob, id!), (s) => s === 'complete');
	});

	it('never fetches a file whose author is blocked, even when asked to retry', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await alice.messenger.addContact(bob.identity.peerId);
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(200_000), name: 'blocked.bin' }]);
		await eventually(() => fileAt(bob, id!), (r) => r?.state === 'waiting');
		await bob.messenger.block(alice.identity.peerId);
		await bob.messenger.retryFile(id!);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await fileAt(bob, id!)).toMatchObject({ state: 'waiting', have: [] });
	});

	it('blocking the author mid-transfer stops it; nothing more arrives', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		let blocked = false;
		bob.messenger.events.on('fileProgress', (p) => {
			if (blocked || p.direction !== 'in') return;
			blocked = true;
			void bob.messenger.block(alice.identity.peerId);
		});
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(8 * MB), name: 'stop-them.bin' }]);
		await eventually(() => blocked && alice.messenger.connections.channel(bob.identity.peerId) === undefined, (done) => done);
		await new Promise((resolve) => setTimeout(resolve, 100));
		const held = (await fileAt(bob, id!))!.have;
		alice.messenger.connect(bob.identity.peerId);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect((await fileAt(bob, id!))!.have).toEqual(held);
		expect(await stateAt(bob, id!)).not.toBe('complete');
	});

	it('silently refuses a request for a file from a peer it was not sent to', async () => {
		const { peers } = await crowd(3);
		const [alice, bob, carol] = peers as [TestPeer & { events: string[] }, TestPeer, TestPeer];
		await start(alice, bob, carol);
		await contacts(alice, bob);
		await contacts(alice, carol);
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(100_000), name: 'for-bob.bin' }]);
		const row = (await fileAt(alice, id!))!;
		await eventually(() => stateAt(bob, id!), (s) => s === 'complete');
		await eventually(() => carol.messenger.connections.channel(alice.identity.peerId) !== undefined && alice.messenger.connections.channel(carol.identity.peerId) !== undefined, (up) => up);
		const sent = countChunksSent();
		const heard: string[] = [];
		const send = alice.messenger.connections.send.bind(alice.messenger.connections);
		alice.messenger.connections.send = (peer, frame) => {
			if (peer === carol.identity.peerId) heard.push(frame.t);
			return send(peer, frame);
		};
		carol.messenger.connections.send(alice.identity.peerId, { t: 'fwant', id: id!, hash: bytesOfHex(row.hash), ranges: [0, row.chunks] });
		await eventually(() => alice.events.includes('file-not-entitled'), (seen) => seen);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(sent.count()).toBe(0);
		expect(heard.filter((t) => t === 'fstop')).toEqual([]);
	});
});

describe('Files: cancel, remove, edit, delete', () => {
	it('a sender who cancels withdraws the file: the receiver shows it cancelled and holds no chunk of it', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await alice.messenger.addContact(bob.identity.peerId);
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(2 * MB), name: 'oops.bin' }]);
		await eventually(() => fileAt(bob, id!), (r) => r?.state === 'waiting');
		await alice.messenger.cancelFile(id!);
		expect(await fileAt(alice, id!)).toMatchObject({ state: 'cancelled' });
		expect((await fileAt(alice, id!))!.blob).toBeUndefined();
		await bob.messenger.addContact(alice.identity.peerId);
		await eventually(() => stateAt(bob, id!), (s) => s === 'cancelled');
		expect(await bob.db.fileChunks.count()).toBe(0);
		expect(await bob.db.receiver.get(id!)).toMatchObject({ kind: 'file' });
	});

	it('a sender who cancels mid-transfer stops it at the receiver', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		let cancelled = false;
		bob.messenger.events.on('fileProgress', (p) => {
			if (cancelled || p.direction !== 'in') return;
			cancelled = true;
			void alice.messenger.cancelFile(p.messageId);
		});
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(8 * MB), name: 'stop.bin' }]);
		await eventually(() => stateAt(bob, id!), (s) => s === 'cancelled', 10_000);
		expect(await bob.db.fileChunks.count()).toBe(0);
	});

	it('removeFile deletes the bytes and keeps the message, on both sides', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(300_000), name: 'keep-message.bin' }], { caption: 'look' });
		await eventually(() => stateAt(bob, id!), (s) => s === 'complete');
		await bob.messenger.removeFile(id!);
		expect(await fileAt(bob, id!)).toMatchObject({ state: 'removed', have: [] });
		expect(await bob.db.fileChunks.count()).toBe(0);
		expect(await bob.db.receiver.get(id!)).toMatchObject({ text: 'look', kind: 'file' });
		await alice.messenger.removeFile(id!);
		expect(await fileAt(alice, id!)).toMatchObject({ state: 'removed' });
		expect((await fileAt(alice, id!))!.blob).toBeUndefined();
		expect(await alice.db.sender.get(id!)).toMatchObject({ text: 'look', kind: 'file' });
	});

	it('editing a file message edits its caption; the file is untouched', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(100_000), name: 'captioned.bin' }], { caption: 'before' });
		await eventually(() => stateAt(bob, id!), (s) => s === 'complete');
		expect(await alice.messenger.editMessage(id!, 'after')).toBe(true);
		await eventually(() => bob.db.receiver.get(id!), (r) => r?.text === 'after');
		expect(await bob.db.receiver.get(id!)).toMatchObject({ kind: 'file', version: 1 });
		expect(await fileAt(bob, id!)).toMatchObject({ state: 'complete', name: 'captioned.bin' });
	});

	it('deleting a file message, for me or for everyone, deletes its bytes too', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		const [mine, theirs] = await alice.messenger.sendFiles(bob.identity.peerId, [
			{ blob: blob(100_000, 5), name: 'one.bin' },
			{ blob: blob(100_000, 6), name: 'two.bin' }
		]);
		await eventually(() => Promise.all([stateAt(bob, mine!), stateAt(bob, theirs!)]), (s) => s.every((x) => x === 'complete'));
		await bob.messenger.deleteForMe(mine!);
		expect(await fileAt(bob, mine!)).toBeUndefined();
		expect(await alice.messenger.deleteForEveryone(theirs!)).toBe(true);
		expect(await fileAt(alice, theirs!)).toBeUndefined();
		await eventually(() => fileAt(bob, theirs!), (r) => r === undefined);
		expect(await bob.db.fileChunks.count()).toBe(0);
	});
});

describe('Files in a group', () => {
	async function threeInAGroup() {
		const { network, peers } = await crowd(3);
		const [alice, bob, carol] = peers as unknown as [TestPeer, TestPeer, TestPeer];
		await friends(peers);
		await start(...peers);
		const group = await alice.messenger.createGroup('Photos', [bob, carol].map((p) => p.identity.peerId));
		await joined(peers, group);
		return { network, alice, bob, carol, group };
	}

	it('a group text makes files to each member give way, on the author side (chat-budget.ts)', async () => {
		const { alice, bob, carol, group } = await threeInAGroup();
		const noted = vi.spyOn(FileTransfers.prototype, 'noteChat');
		await alice.messenger.sendGroupText(group, 'hello all');
		await eventually(async () => new Set(noted.mock.calls.map(([peer]) => peer)).size, (count) => count >= 3, 5000);
		const peers = new Set(noted.mock.calls.map(([peer]) => peer));
		// Alice noted Bob and Carol as she sent; each of them noted Alice (or a relay) as it arrived.
		expect(peers.has(bob.identity.peerId) && peers.has(carol.identity.peerId) && peers.has(alice.identity.peerId)).toBe(true);
	});

	it('every member gets the file, verified', async () => {
		const { alice, bob, carol, group } = await threeInAGroup();
		const [plain] = await alice.messenger.sendFiles(group, [{ blob: blob(1_000, 30), name: 'no-caption.bin' }]);
		await settled(() => bob.db.receiver.get(plain!), (r) => r !== undefined);
		expect((await bob.db.groups.get(group as GroupId))?.preview).toEqual({ text: 'File: no-caption.bin', author: alice.identity.peerId });
		expect((await alice.db.groups.get(group as GroupId))?.preview).toEqual({ text: 'File: no-caption.bin', author: 'self' });
		expect((await alice.db.sender.get(plain!))?.fileName).toBe('no-caption.bin');
		expect((await bob.db.receiver.get(plain!))?.fileName).toBe('no-caption.bin');
		const [id] = await alice.messenger.sendFiles(group, [{ blob: blob(500_000), name: 'group.bin' }], { caption: 'for all' });
		expect(await alice.db.sender.get(id!)).toMatchObject({ kind: 'file', text: 'for all', conversationId: group });
		for (const member of [bob, carol]) {
			const row = await settled(() => fileAt(member, id!), (r) => r?.state === 'complete');
			expect(await verified(member, row!)).toBe(true);
			expect(await member.db.receiver.get(id!)).toMatchObject({ kind: 'file', text: 'for all', peerId: alice.identity.peerId });
		}
	});

	it('an edit of a group file message edits its caption at every member', async () => {
		const { alice, bob, carol, group } = await threeInAGroup();
		const [id] = await alice.messenger.sendFiles(group, [{ blob: blob(50_000, 12), name: 'edited.bin' }], { caption: 'first' });
		for (const member of [bob, carol]) await settled(() => stateAt(member, id!), (s) => s === 'complete');
		expect(await alice.messenger.editMessage(id!, 'second')).toBe(true);
		for (const member of [bob, carol]) await settled(() => member.db.receiver.get(id!), (r) => r?.text === 'second');
		expect(await alice.db.sender.get(id!)).toMatchObject({ kind: 'file', text: 'second' });
		expect(await fileAt(carol, id!)).toMatchObject({ state: 'complete', name: 'edited.bin' });
	});

	it('a member fetches from another member when the author is offline', async () => {
		const { alice, bob, carol, group } = await threeInAGroup();
		await carol.messenger.setInvisible(true);
		const [id] = await alice.messenger.sendFiles(group, [{ blob: blob(500_000, 9), name: 'relay.bin' }]);
		await settled(() => stateAt(bob, id!), (s) => s === 'complete');
		await alice.messenger.setInvisible(true);
		const sent = countChunksSent();
		await carol.messenger.setInvisible(false);
		const row = await settled(() => fileAt(carol, id!), (r) => r?.state === 'complete');
		expect(await verified(carol, row!)).toBe(true);
		// Alice has no channel at all: every chunk came from Bob, once.
		expect(alice.messenger.connections.peers()).toEqual([]);
		expect(sent.count()).toBe(row!.chunks);
	});

	it('a file from a member I never added waits for a click; one from a contact is fetched at once', async () => {
		const { peers } = await crowd(3);
		const [alice, bob, carol] = peers as unknown as [TestPeer, TestPeer, TestPeer];
		// Alice and Bob are contacts, Carol is a contact of Alice only: Bob never added her.
		await friends([alice, bob]);
		await friends([alice, carol]);
		await start(...peers);
		const group = await alice.messenger.createGroup('Mixed', [bob, carol].map((p) => p.identity.peerId));
		await joined(peers, group);
		const [fromCarol] = await carol.messenger.sendFiles(group, [{ blob: blob(100_000, 21), name: 'from-carol.bin' }]);
		const [fromAlice] = await alice.messenger.sendFiles(group, [{ blob: blob(100_000, 22), name: 'from-alice.bin' }]);
		await settled(() => stateAt(bob, fromAlice!), (s) => s === 'complete');
		expect(await stateAt(bob, fromCarol!)).toBe('waiting');
		expect(await bob.db.fileChunks.where('[hash+index]').between([(await fileAt(bob, fromCarol!))!.hash, 0], [(await fileAt(bob, fromCarol!))!.hash, Infinity]).count()).toBe(0);
		// The message and its card are there; the bytes come when Bob asks.
		expect(await bob.db.receiver.get(fromCarol!)).toMatchObject({ kind: 'file' });
		await bob.messenger.retryFile(fromCarol!);
		const row = await settled(() => fileAt(bob, fromCarol!), (r) => r?.state === 'complete');
		expect(await verified(bob, row!)).toBe(true);
	});

	it('refuses a request from someone who is no longer a member', async () => {
		const { alice, bob, carol, group } = await threeInAGroup();
		const [id] = await alice.messenger.sendFiles(group, [{ blob: blob(100_000, 4), name: 'members-only.bin' }]);
		await settled(() => stateAt(carol, id!), (s) => s === 'complete');
		await alice.messenger.removeGroupMember(group, carol.identity.peerId);
		await settled(() => alice.db.groups.get(group as GroupId), (g) => g !== undefined && !g.state.members.has(carol.identity.peerId));
		const row = (await fileAt(alice, id!))!;
		const sent = countChunksSent();
		carol.messenger.connections.send(alice.identity.peerId, { t: 'fwant', id: id!, hash: bytesOfHex(row.hash), ranges: [0, row.chunks] });
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(sent.count()).toBe(0);
		expect(await stateAt(bob, id!)).toBe('complete');
	});
});

describe('Files: the receiver’s limits and progress', () => {
	it('declines a file over the size limit set on this device, and keeps the message', async () => {
		const { alice, bob } = await makePair();
		await putSetting(bob.db, MAX_FILE_BYTES_SETTING, 100_000);
		await start(alice, bob);
		await contacts(alice, bob);
		const sent = countChunksSent();
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(100_001), name: 'too-big.bin' }]);
		await eventually(() => fileAt(bob, id!), (r) => r?.state === 'declined');
		expect(await fileAt(bob, id!)).toMatchObject({ problem: 'too-large', have: [] });
		expect(await bob.db.receiver.get(id!)).toMatchObject({ kind: 'file' });
		expect(sent.count()).toBe(0);
		// Raised: a retry fetches it.
		await putSetting(bob.db, MAX_FILE_BYTES_SETTING, 200_000);
		await bob.messenger.retryFile(id!);
		await eventually(() => stateAt(bob, id!), (s) => s === 'complete');
	});

	it('declines a file larger than the free space the browser reports', async () => {
		const network = new FakeNetwork();
		const alice = await makePeer(network, 'Alice');
		const bob = await makePeer(network, 'Bob', { freeBytes: () => Promise.resolve(50_000) });
		await start(alice, bob);
		await contacts(alice, bob);
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(60_000), name: 'no-room.bin' }]);
		await eventually(() => fileAt(bob, id!), (r) => r?.state === 'declined');
		expect(await fileAt(bob, id!)).toMatchObject({ problem: 'no-space' });
	});

	it('reports progress at most 10 times a second per transfer, and always the last step', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		const out: FileProgress[] = [];
		alice.messenger.events.on('fileProgress', (p) => out.push(p));
		const began = Date.now();
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(4 * MB), name: 'progress.bin' }]);
		await eventually(() => stateAt(bob, id!), (s) => s === 'complete', 10_000);
		const elapsed = Date.now() - began;
		// 64 chunks were served; one event per 100 ms (plus the first and the last) is the most allowed.
		expect(out.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
		expect(out.at(-1)).toMatchObject({ messageId: id, direction: 'out', bytes: 4 * MB, size: 4 * MB });
	});
});

describe('Files: more ways a file leaves or stays', () => {
	it('a receiver who cancels stops asking: the file waits, a retry completes it', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		let stopped = false;
		bob.messenger.events.on('fileProgress', (p) => {
			if (stopped || p.direction !== 'in') return;
			stopped = true;
			void bob.messenger.cancelFile(p.messageId);
		});
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(6 * MB), name: 'not-now.bin' }]);
		await eventually(() => stateAt(bob, id!), (s) => s === 'waiting' && stopped);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await stateAt(bob, id!)).toBe('waiting');
		await bob.messenger.retryFile(id!);
		const row = await eventually(() => fileAt(bob, id!), (r) => r?.state === 'complete', 10_000);
		expect(await verified(bob, row!)).toBe(true);
	});

	it('a file message delivered twice is stored once and its file is not fetched again', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(100_000), name: 'once.bin' }]);
		await eventually(() => stateAt(bob, id!), (s) => s === 'complete');
		const sent = countChunksSent();
		const row = (await alice.db.sender.get(id!))!;
		const file = (await fileAt(alice, id!))!;
		alice.messenger.connections.send(bob.identity.peerId, messageFrame(row, file));
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await stateAt(bob, id!)).toBe('complete');
		expect(await bob.db.files.count()).toBe(1);
		expect(sent.count()).toBe(0);
	});

	it('deleting the message stops its transfer', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		let deleted = false;
		bob.messenger.events.on('fileProgress', (p) => {
			if (deleted || p.direction !== 'in') return;
			deleted = true;
			void bob.messenger.deleteForMe(p.messageId);
		});
		const sent = countChunksSent();
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(16 * MB), name: 'gone.bin' }]);
		await eventually(() => fileAt(bob, id!), (r) => r === undefined && deleted);
		await new Promise((resolve) => setTimeout(resolve, 200));
		const after = sent.count();
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(sent.count()).toBe(after);
		expect(after).toBeLessThan(256);
		expect(await bob.db.fileChunks.count()).toBe(0);
	});

	it('deleting a conversation deletes the files of its messages', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(100_000), name: 'conv.bin' }]);
		await eventually(() => stateAt(bob, id!), (s) => s === 'complete');
		await deleteConversation(bob.db, alice.identity.peerId);
		await deleteConversation(alice.db, bob.identity.peerId);
		expect(await bob.db.files.count()).toBe(0);
		expect(await bob.db.fileChunks.count()).toBe(0);
		expect(await alice.db.files.count()).toBe(0);
	});

	it('in a group, deleting a file message for everyone deletes it at every member; deleting the group deletes the rest', async () => {
		const { peers } = await crowd(3);
		const [alice, bob, carol] = peers as unknown as [TestPeer, TestPeer, TestPeer];
		await friends(peers);
		await start(alice, bob, carol);
		const group = await alice.messenger.createGroup('Photos', [bob, carol].map((p) => p.identity.peerId));
		await joined([alice, bob, carol], group);
		const [gone, kept] = await alice.messenger.sendFiles(group, [
			{ blob: blob(100_000, 7), name: 'gone.bin' },
			{ blob: blob(100_000, 8), name: 'kept.bin' }
		]);
		for (const member of [bob, carol]) await settled(() => Promise.all([stateAt(member, gone!), stateAt(member, kept!)]), (s) => s.every((x) => x === 'complete'));
		expect(await alice.messenger.deleteForEveryone(gone!)).toBe(true);
		expect(await fileAt(alice, gone!)).toBeUndefined();
		for (const member of [bob, carol]) await settled(() => fileAt(member, gone!), (r) => r === undefined);
		expect(await fileAt(bob, kept!)).toMatchObject({ state: 'complete' });
		await deleteGroup(bob.db, group);
		expect(await bob.db.files.count()).toBe(0);
		expect(await bob.db.fileChunks.count()).toBe(0);
	});
});
