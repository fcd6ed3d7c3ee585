import { describe, expect, it } from 'vitest';
import { ContentHasher } from '../../../src/lib/crypto/file-cipher';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { chunksInOrder } from '../../../src/lib/db/file-store';
import type { FileRow } from '../../../src/lib/db/file-rows';
import { hexOf } from '../../../src/lib/files/hex';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { FileProgress } from '../../../src/lib/messenger/files/file-deps';
import { eventually, makePair, startedPeers, type TestPeer } from './messenger-harness';
import { fileBytes } from '../files/file-scene';

const start = startedPeers();
const MB = 1024 * 1024;

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
