import { afterEach, describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { FileRow } from '../../../src/lib/db/file-rows';
import { assembledFile, filesOfConversation, followFileRows, imagesOfConversation } from '../../../src/lib/db/file-queries';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import type { MessageId } from '../../../src/lib/ids/message-id';

let counter = 0;
const dbs: ChatDb[] = [];
function fresh(): ChatDb {
	const db = new ChatDb(`file-queries-${++counter}`);
	dbs.push(db);
	return db;
}
afterEach(async () => {
	for (const db of dbs.splice(0)) await db.delete();
});

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 7, 7]);
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

function row(id: string, over: Partial<FileRow> = {}): FileRow {
	return {
		messageId: id as MessageId,
		conversationId: 'chat',
		direction: 'in',
		peerId: 'peer',
		hash: `hash-${id}`,
		key: new Uint8Array(32),
		name: 'picture.png',
		type: 'image/png',
		size: PNG.length,
		chunks: 1,
		state: 'complete',
		have: [[0, 1]],
		time: 1,
		...over
	};
}

async function store(db: ChatDb, file: FileRow, parts: Uint8Array[]): Promise<void> {
	await db.files.put(file);
	await db.fileChunks.bulkPut(parts.map((data, index) => ({ hash: file.hash, index, data: new Blob([data.slice()]) })));
}

const bytesOf = async (blob: Blob | null) => (blob === null ? null : new Uint8Array(await blob.arrayBuffer()));

describe('assembledFile', () => {
	it('joins a received file in chunk order and types a matching PNG as an image', async () => {
		const db = fresh();
		const big = new Uint8Array(CHUNK_BYTES + 5).map((_, i) => i % 251);
		big.set(PNG);
		const file = row('a', { size: big.length, chunks: 2, have: [[0, 2]] });
		await store(db, file, [big.slice(0, CHUNK_BYTES), big.slice(CHUNK_BYTES)]);
		const blob = await assembledFile(db, file);
		expect(blob?.type).toBe('image/png');
		expect(await bytesOf(blob)).toEqual(big);
	});

	it('never types an SVG (or HTML) as something a browser renders, whatever it was declared as', async () => {
		const db = fresh();
		for (const type of ['image/svg+xml', 'image/png', 'text/html']) {
			const file = row(`svg-${type}`, { type, size: SVG.length, name: 'x.svg' });
			await store(db, file, [SVG]);
			expect((await assembledFile(db, file))?.type).toBe('application/octet-stream');
		}
	});

	it('gives nothing for a file that is not complete here, or whose chunks are missing', async () => {
		const db = fresh();
		const arriving = row('b', { state: 'receiving', have: [] });
		await store(db, arriving, [PNG]);
		expect(await assembledFile(db, arriving)).toBeNull();
		const gap = row('c', { size: CHUNK_BYTES + 5, chunks: 2, have: [[0, 2]] });
		await store(db, gap, [new Uint8Array(CHUNK_BYTES)]);
		expect(await assembledFile(db, gap)).toBeNull();
	});

	it('gives our own file from its kept Blob, typed by its bytes', async () => {
		const db = fresh();
		const ours = row('d', { direction: 'out', state: 'sending', blob: new Blob([PNG], { type: 'image/png' }) });
		expect((await assembledFile(db, ours))?.type).toBe('image/png');
		const removed = row('e', { direction: 'out', state: 'removed' });
		expect(await assembledFile(db, removed)).toBeNull();
	});
});

describe('a conversation’s files', () => {
	it('lists them oldest first, only that conversation’s, and its images with something to show', async () => {
		const db = fresh();
		await db.files.bulkPut([
			row('late', { time: 3 }),
			row('early', { time: 1, thumb: new Uint8Array([1]), state: 'waiting', have: [] }),
			row('doc', { time: 2, type: 'application/pdf', name: 'a.pdf' }),
			row('bare', { time: 4, state: 'waiting', have: [] }),
			row('other', { time: 2, conversationId: 'elsewhere' })
		]);
		expect((await filesOfConversation(db, 'chat')).map((file) => file.messageId)).toEqual(['early', 'doc', 'late', 'bare']);
		expect((await imagesOfConversation(db, 'chat')).map((file) => file.messageId)).toEqual(['early', 'late']);
	});
});

describe('followFileRows', () => {
	const ids = (sets: ReadonlySet<MessageId>[]) => sets.map((set) => [...set].sort());

	it('reports the rows each committed transaction created, changed or deleted, once per transaction', async () => {
		const db = fresh();
		const seen: ReadonlySet<MessageId>[] = [];
		const stop = followFileRows(db, (changed) => seen.push(changed));
		await db.files.add(row('a'));
		await db.files.bulkAdd([row('b'), row('c')]);
		await db.files.put(row('a', { state: 'removed' }));
		await db.files.update('b', { state: 'receiving' });
		await db.transaction('rw', db.files, db.receiver, async () => {
			await db.files.update('a', { have: [] });
			await db.files.delete('c');
		});
		expect(ids(seen)).toEqual([['a'], ['b', 'c'], ['a'], ['b'], ['a', 'c']]);
		stop();
		await db.files.update('a', { state: 'complete' });
		expect(seen).toHaveLength(5);
	});

	it('reports nothing for a transaction that aborts, nor for writes to other tables', async () => {
		const db = fresh();
		const seen: ReadonlySet<MessageId>[] = [];
		const stop = followFileRows(db, (changed) => seen.push(changed));
		await expect(
			db.transaction('rw', db.files, async () => {
				await db.files.add(row('lost'));
				throw new Error('abort');
			})
		).rejects.toThrow('abort');
		await db.settings.put({ key: 'k', value: 1 });
		expect(seen).toEqual([]);
		expect(await db.files.get('lost')).toBeUndefined();
		stop();
	});

	it('reports only after the commit, so a read in the callback sees the write', async () => {
		const db = fresh();
		const states: (string | undefined)[] = [];
		const stop = followFileRows(db, (changed) => {
			for (const id of changed) void db.files.get(id).then((found) => states.push(found?.state));
		});
		await db.files.add(row('a', { state: 'receiving' }));
		await db.files.update('a', { state: 'complete' });
		await expect.poll(() => states).toEqual(['receiving', 'complete']);
		stop();
	});
});
