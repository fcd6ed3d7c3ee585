import { describe, expect, it } from 'vitest';
import { ContentHasher } from '../../../src/lib/crypto/file-cipher';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import type { FileRow } from '../../../src/lib/db/file-rows';
import { hexOf } from '../../../src/lib/files/hex';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { fileBytes } from '../files/file-scene';
import { eventually, makePair, startedPeers } from './messenger-harness';

const start = startedPeers();

describe('restored files at start', () => {
	it('are checked in the background once the messenger starts; a lying one is declined as damaged', async () => {
		const sodium = await loadSodium();
		const { alice } = await makePair();
		const bytes = fileBytes(100_000, 9);
		const hasher = new ContentHasher(sodium);
		hasher.update(bytes);
		const hash = hexOf(hasher.digest());
		const row = (over: Partial<FileRow>): FileRow => ({ messageId: newMessageId(), conversationId: 'chat', direction: 'out', peerId: 'chat', hash, key: new Uint8Array(32), name: 'a.bin', type: '', size: bytes.length, chunks: 2, state: 'sending', have: [[0, 2]], time: 1, unchecked: 1, ...over });
		const honest = row({ blob: new Blob([bytes]) });
		const lying = row({ blob: new Blob([fileBytes(100_000, 10)]) });
		await alice.db.files.bulkPut([honest, lying]);
		await start(alice);
		await eventually(() => alice.db.files.get(honest.messageId), (r) => r !== undefined && r.unchecked === undefined, 5000);
		expect(await eventually(() => alice.db.files.get(lying.messageId), (r) => r?.state === 'removed', 5000)).toMatchObject({ problem: 'damaged' });
	});
});
