import { describe, expect, it, vi } from 'vitest';
import type { GroupId } from '../../../src/lib/group/group-ids';
import { VOICE_PEAKS } from '../../../src/lib/files/voice-limits';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { eventually, makePair, makePeer, startedPeers, type TestPeer } from '../messenger/messenger-harness';
import { joined, settled } from '../messenger/group-harness';
import { fileBytes } from '../files/file-scene';

// A voice message is a file message (PROTOCOL §13g): it travels, is stored and previewed like
// one, with its duration and waveform intact at every receiver, in 1:1 chats and groups.

const start = startedPeers();
vi.setConfig({ testTimeout: 60_000 });

const peaks = Uint8Array.from({ length: VOICE_PEAKS }, (_, i) => (i * 7) % 256);
const voice = { durationMs: 3_400, peaks };
const recording = () => new Blob([fileBytes(30_000, 5)], { type: 'audio/webm;codecs=opus' });

describe('voice messages between messengers', () => {
	it('a 1:1 voice message arrives complete with its duration and waveform, previewed as a voice message', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await alice.messenger.addContact(bob.identity.peerId);
		await bob.messenger.addContact(alice.identity.peerId);
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: recording(), name: 'voice-1.webm', voice }]);
		expect((await alice.db.files.get(id!))?.voice).toEqual(voice);
		const row = await eventually(() => bob.db.files.get(id!), (r) => r?.state === 'complete', 5000);
		expect(row?.voice).toEqual(voice);
		expect(row?.type).toBe('audio/webm;codecs=opus');
		expect((await bob.db.users.get(alice.identity.peerId))?.preview?.text).toBe('Voice message (0:03)');
	});

	it('every member of a group gets it with the author-signed duration and waveform', async () => {
		const network = new FakeNetwork();
		const peers: TestPeer[] = [];
		for (const name of ['Alice', 'Bob', 'Carol']) peers.push(await makePeer(network, name));
		for (const a of peers) for (const b of peers) if (a !== b) await a.messenger.addContact(b.identity.peerId);
		await start(...peers);
		const [alice, bob, carol] = peers as [TestPeer, TestPeer, TestPeer];
		const group = await alice.messenger.createGroup('Voices', [bob, carol].map((p) => p.identity.peerId));
		await joined(peers, group);
		const [id] = await alice.messenger.sendFiles(group, [{ blob: recording(), name: 'voice-2.webm', voice }]);
		for (const member of [bob, carol]) {
			const row = await settled(() => member.db.files.get(id!), (r) => r?.state === 'complete');
			expect(row?.voice).toEqual(voice);
			expect((await member.db.groups.get(group as GroupId))?.preview?.text).toBe('Voice message (0:03)');
		}
	});
});
