import { describe, expect, it, vi } from 'vitest';
import { FILE_CIPHER_AES256_GCM, FILE_CIPHER_XCHACHA20_POLY1305, fileCipherFor } from '../../../src/lib/crypto/file-cipher-id';
import type { GroupId } from '../../../src/lib/group/group-ids';
import type { MessageId } from '../../../src/lib/ids/message-id';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { fileBytes } from '../files/file-scene';
import { joined, settled } from './group-harness';
import { eventually, makePair, makePeer, startedPeers, type TestPeer } from './messenger-harness';

const start = startedPeers();
vi.setConfig({ testTimeout: 30_000 });

const blob = (size: number, seed = 1) => new Blob([fileBytes(size, seed)]);
const fileAt = (peer: TestPeer, id: MessageId) => peer.db.files.get(id);

async function contacts(a: TestPeer, b: TestPeer): Promise<void> {
	await a.messenger.addContact(b.identity.peerId);
	await b.messenger.addContact(a.identity.peerId);
}

describe('which cipher a new file gets (PROTOCOL §13b)', () => {
	it('AES-256-GCM only when every recipient said it opens it; never said, or said nothing, is XChaCha20-Poly1305', () => {
		expect(fileCipherFor([])).toBe(FILE_CIPHER_XCHACHA20_POLY1305);
		expect(fileCipherFor([undefined])).toBe(FILE_CIPHER_XCHACHA20_POLY1305);
		expect(fileCipherFor([[]])).toBe(FILE_CIPHER_XCHACHA20_POLY1305);
		expect(fileCipherFor([[7]])).toBe(FILE_CIPHER_XCHACHA20_POLY1305);
		expect(fileCipherFor([[FILE_CIPHER_AES256_GCM]])).toBe(FILE_CIPHER_AES256_GCM);
		expect(fileCipherFor([[7, FILE_CIPHER_AES256_GCM], [FILE_CIPHER_AES256_GCM]])).toBe(FILE_CIPHER_AES256_GCM);
		expect(fileCipherFor([[FILE_CIPHER_AES256_GCM], undefined])).toBe(FILE_CIPHER_XCHACHA20_POLY1305);
		expect(fileCipherFor([[FILE_CIPHER_AES256_GCM], []])).toBe(FILE_CIPHER_XCHACHA20_POLY1305);
	});

	it('a contact never met gets XChaCha20-Poly1305; once their session said GCM, the next file is GCM; both arrive', async () => {
		const { alice, bob } = await makePair();
		await start(alice);
		await alice.messenger.addContact(bob.identity.peerId);
		const [before] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(150_000, 2), name: 'before.bin' }]);
		expect(await fileAt(alice, before!)).not.toHaveProperty('cipher');
		await start(bob);
		await bob.messenger.addContact(alice.identity.peerId);
		alice.messenger.connect(bob.identity.peerId);
		await eventually(() => fileAt(bob, before!), (row) => row?.state === 'complete', 5000);
		expect(await fileAt(bob, before!)).not.toHaveProperty('cipher');
		// The session told Alice what Bob opens; she keeps it with his row.
		expect((await alice.db.users.get(bob.identity.peerId))?.fileCiphers).toEqual([FILE_CIPHER_AES256_GCM]);
		const [after] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(150_000, 3), name: 'after.bin' }]);
		expect((await fileAt(alice, after!))?.cipher).toBe(FILE_CIPHER_AES256_GCM);
		const row = await eventually(() => fileAt(bob, after!), (r) => r?.state === 'complete', 5000);
		expect(row?.cipher).toBe(FILE_CIPHER_AES256_GCM);
	});

	it('a contact whose last session said nothing (an older version) gets XChaCha20-Poly1305', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await contacts(alice, bob);
		await eventually(() => alice.db.users.get(bob.identity.peerId), (row) => row?.fileCiphers !== undefined, 5000);
		// What an older Bob's session records (peer-events: `ciphers` absent is an empty list).
		await alice.db.users.update(bob.identity.peerId, { fileCiphers: [] });
		const [id] = await alice.messenger.sendFiles(bob.identity.peerId, [{ blob: blob(10_000), name: 'old.bin' }]);
		expect(await fileAt(alice, id!)).not.toHaveProperty('cipher');
		expect(await eventually(() => fileAt(bob, id!), (r) => r?.state === 'complete', 5000)).not.toHaveProperty('cipher');
	});

	it('in a group: GCM when every other member said so, XChaCha20-Poly1305 as soon as one did not', async () => {
		const network = new FakeNetwork();
		const peers: TestPeer[] = [];
		for (const name of ['Alice', 'Bob', 'Carol']) peers.push(await makePeer(network, name));
		const [alice, bob, carol] = peers as [TestPeer, TestPeer, TestPeer];
		for (const a of peers) for (const b of peers) if (a !== b) await a.messenger.addContact(b.identity.peerId);
		await start(...peers);
		const group: GroupId = await alice.messenger.createGroup('Files', [bob, carol].map((peer) => peer.identity.peerId));
		await joined(peers, group);
		for (const member of [bob, carol]) await eventually(() => alice.db.users.get(member.identity.peerId), (row) => row?.fileCiphers !== undefined, 5000);
		const [all] = await alice.messenger.sendFiles(group, [{ blob: blob(20_000, 4), name: 'all.bin' }]);
		expect((await fileAt(alice, all!))?.cipher).toBe(FILE_CIPHER_AES256_GCM);
		await alice.db.users.update(carol.identity.peerId, { fileCiphers: [] });
		const [mixed] = await alice.messenger.sendFiles(group, [{ blob: blob(20_000, 5), name: 'mixed.bin' }]);
		expect(await fileAt(alice, mixed!)).not.toHaveProperty('cipher');
		for (const member of [bob, carol]) {
			expect((await settled(() => fileAt(member, all!), (r) => r?.state === 'complete'))?.cipher).toBe(FILE_CIPHER_AES256_GCM);
			expect(await settled(() => fileAt(member, mixed!), (r) => r?.state === 'complete')).not.toHaveProperty('cipher');
		}
	});
});
