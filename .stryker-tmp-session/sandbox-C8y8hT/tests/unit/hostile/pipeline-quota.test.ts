// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { REQUEST_MAX_MESSAGES, REQUEST_MAX_TEXT_CHARS, REQUESTS_MAX_MESSAGES, REQUESTS_MAX_PEERS, REQUEST_MAX_VERSIONS } from '../../../src/lib/db/inbound-rules';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { MAX_QUEUED_FRAMES_PER_PEER } from '../../../src/lib/messenger/inbound-queue';
import { eventually, makePair, startedPeers } from '../messenger/messenger-harness';
import { connectRaw, type RawPeer } from './raw-peer';
import { handled } from './settle';

const start = startedPeers();


const ackedIds = (raw: RawPeer) => new Set(raw.received.flatMap((frame) => (frame.t === 'ack' ? frame.ids : [])));
const msg = (seq: number, text = `spam ${seq}`) => ({ t: 'msg', id: newMessageId(), seq, ts: Date.now(), body: { kind: 'text', text } });

describe('message requests cannot fill the disk', () => {
	it(`stores at most ${REQUEST_MAX_MESSAGES} messages from one stranger and acks only those`, async () => {
		const { network, alice, bob: stranger } = await makePair();
		await start(alice);
		const raw = await connectRaw(network, stranger.identity, alice.identity.peerId);
		await eventually(() => raw.ready(), (ready) => ready);
		const frames = Array.from({ length: REQUEST_MAX_MESSAGES + 20 }, (_, i) => msg(i + 1));
		for (const frame of frames) raw.sendFrame(frame);
		await handled(raw, alice);
		expect(await alice.db.receiver.count()).toBe(REQUEST_MAX_MESSAGES);
		expect(ackedIds(raw).size).toBe(REQUEST_MAX_MESSAGES);
		expect(alice.rejects).toContain('over-quota');
	});

	it('caps the text a stranger can store, and accepting the request lifts the cap', async () => {
		const { network, alice, bob: stranger } = await makePair();
		await start(alice);
		const raw = await connectRaw(network, stranger.identity, alice.identity.peerId);
		await eventually(() => raw.ready(), (ready) => ready);
		const big = 'x'.repeat(8000);
		const count = Math.ceil(REQUEST_MAX_TEXT_CHARS / big.length) + 2;
		for (let i = 1; i <= count; i++) raw.sendFrame(msg(i, big));
		await handled(raw, alice);
		expect(await alice.db.receiver.count()).toBe(Math.floor(REQUEST_MAX_TEXT_CHARS / big.length));
		await alice.messenger.addContact(stranger.identity.peerId);
		raw.sendFrame(msg(count + 1, big));
		await handled(raw, alice);
		expect(await alice.db.receiver.count()).toBe(Math.floor(REQUEST_MAX_TEXT_CHARS / big.length) + 1);
	});

	it(`accepts requests from at most ${REQUESTS_MAX_PEERS} strangers at once`, async () => {
		const { network, alice } = await makePair();
		const sodium = await loadSodium();
		await start(alice);
		for (let i = 0; i <= REQUESTS_MAX_PEERS; i++) {
			const raw = await connectRaw(network, createIdentity(sodium), alice.identity.peerId);
			await eventually(() => raw.ready(), (ready) => ready);
			raw.sendFrame(msg(1, `hello from stranger ${i}`));
			await handled(raw, alice);
		}
		expect(await alice.db.users.count()).toBe(REQUESTS_MAX_PEERS);
		expect(await alice.db.receiver.count()).toBe(REQUESTS_MAX_PEERS);
	}, 60_000);

	it(`stores at most ${REQUESTS_MAX_MESSAGES} messages across all requests`, async () => {
		const { network, alice } = await makePair();
		const sodium = await loadSodium();
		await start(alice);
		const strangers = Math.ceil(REQUESTS_MAX_MESSAGES / REQUEST_MAX_MESSAGES) + 1;
		for (let i = 0; i < strangers; i++) {
			const raw = await connectRaw(network, createIdentity(sodium), alice.identity.peerId);
			await eventually(() => raw.ready(), (ready) => ready);
			for (let seq = 1; seq <= REQUEST_MAX_MESSAGES; seq++) raw.sendFrame(msg(seq));
			await handled(raw, alice);
		}
		expect(await alice.db.receiver.count()).toBe(REQUESTS_MAX_MESSAGES);
	}, 60_000);

	it('refuses edits of messages that do not exist: nothing stored, nothing acked', async () => {
		const { network, alice, bob: stranger } = await makePair();
		await start(alice);
		const raw = await connectRaw(network, stranger.identity, alice.identity.peerId);
		await eventually(() => raw.ready(), (ready) => ready);
		const ids = Array.from({ length: 30 }, () => newMessageId());
		for (const id of ids) raw.sendFrame({ t: 'edit', id, target: newMessageId(), version: 1, ts: Date.now(), text: 'ghost' });
		await handled(raw, alice);
		expect(await alice.db.editHistory.count()).toBe(0);
		expect(await alice.db.users.count()).toBe(0);
		expect(ackedIds(raw).size).toBe(0);
		expect(alice.rejects).toContain('unknown-target');
	});

	it(`keeps at most ${REQUEST_MAX_VERSIONS} versions of a message from a request`, async () => {
		const { network, alice, bob: stranger } = await makePair();
		await start(alice);
		const raw = await connectRaw(network, stranger.identity, alice.identity.peerId);
		await eventually(() => raw.ready(), (ready) => ready);
		const target = newMessageId();
		raw.sendFrame(msg(1));
		raw.sendFrame({ ...msg(2), id: target });
		for (let version = 1; version <= REQUEST_MAX_VERSIONS + 5; version++) {
			raw.sendFrame({ t: 'edit', id: newMessageId(), target, version, ts: Date.now(), text: `v${version}` });
		}
		await handled(raw, alice);
		expect(await alice.db.editHistory.count()).toBe(REQUEST_MAX_VERSIONS);
		expect(alice.rejects).toContain('over-quota');
	});

	it('closes the link of a peer that floods the inbound queue', async () => {
		const { network, alice, bob } = await makePair();
		await start(alice);
		await alice.messenger.addContact(bob.identity.peerId);
		const raw = await connectRaw(network, bob.identity, alice.identity.peerId);
		await eventually(() => raw.ready(), (ready) => ready);
		for (let i = 1; i <= MAX_QUEUED_FRAMES_PER_PEER + 100; i++) raw.sendFrame(msg(i));
		await eventually(() => raw.closed(), (closed) => closed, 10_000);
		expect(alice.rejects).toContain('rate-limited');
	});
});
