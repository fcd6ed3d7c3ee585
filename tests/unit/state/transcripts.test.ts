import { afterEach, describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { StoredChanges } from '../../../src/lib/db/change-feed';
import type { FileRow } from '../../../src/lib/db/file-rows';
import { removeFileData } from '../../../src/lib/db/file-store';
import { applyIncomingDelete } from '../../../src/lib/db/queries';
import type { ReceivedRow } from '../../../src/lib/db/schema';
import { TRANSCRIBE_KEY, changeTranscriptQueue, loadTranscriptQueue, setTranscript, transcriptOf } from '../../../src/lib/db/transcript-queries';
import { putSetting } from '../../../src/lib/db/settings-queries';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { TranscriptService, type EngineFactory } from '../../../src/lib/state/transcripts.svelte';
import { SpeechError } from '../../../src/lib/speech/speech-protocol';

// The page's transcript service on a real (in-memory) database: an audio file that becomes
// complete here is transcribed and the text lands on its message row; deleting the file or
// the message deletes the transcript.

const BOB = 'pbobbobbobbobbobbobbobbobbobbobbobbobbobbobbo' as PeerId;
let counter = 0;
let clock = Date.now();
const open: { db: ChatDb; service: TranscriptService }[] = [];
afterEach(async () => {
	for (const { db, service } of open.splice(0)) {
		service.stop();
		await db.delete();
	}
});

const engine: EngineFactory = () => ({
	prepare: async () => ({ fromCache: true }),
	transcribe: (pcm) => ({ result: Promise.resolve({ text: `meet me in room ${pcm.length}` }) })
});
const decode = async (blob: Blob) => ({ pcm: new Float32Array(Number(await blob.text())), sampleRate: 16_000 });

async function setup(options: { transcribe?: boolean } = {}) {
	const db = new ChatDb(`transcripts-${++counter}`);
	if (options.transcribe === false) await putSetting(db, TRANSCRIBE_KEY, false);
	const service = new TranscriptService(db, null, { engine, decode });
	open.push({ db, service });
	await service.start();
	const changes: StoredChanges[] = [];
	db.changes.subscribe((change) => changes.push(change));
	return { db, service, changes };
}

/** Bob's voice message as stored on arrival: the message and its file row, the bytes not here yet. */
async function arrive(db: ChatDb, samples: number, type = 'audio/wav'): Promise<MessageId> {
	const id = newMessageId(++clock);
	const message: ReceivedRow = { id, conversationId: BOB, peerId: BOB, seq: clock, text: '', kind: 'file', fileName: 'memo.wav', authoredAt: clock, time: clock, unread: 1 };
	const bytes = String(samples);
	const file: FileRow = { messageId: id, conversationId: BOB, direction: 'in', peerId: BOB, hash: `h${id}`, key: new Uint8Array(32), name: 'memo.wav', type, size: bytes.length, chunks: 1, state: 'receiving', have: [], time: clock };
	await db.transaction('rw', db.receiver, db.files, async () => {
		await db.receiver.add(message);
		await db.files.add(file);
	});
	return id;
}

/** The last chunk arrives and the file is verified. */
async function complete(db: ChatDb, id: MessageId, samples: number): Promise<void> {
	await db.transaction('rw', db.files, db.fileChunks, async () => {
		await db.fileChunks.put({ hash: `h${id}`, index: 0, data: new Blob([String(samples)]) });
		await db.files.update(id, { state: 'complete', have: [[0, 1]] });
	});
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
	for (let i = 0; i < 200; i++) {
		const value = await read();
		if (ok(value)) return value;
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	throw new Error('timed out');
}

describe('transcripts on this device', () => {
	it('transcribes a received audio file once it is verified, and publishes the row with its transcript', async () => {
		const { db, service, changes } = await setup();
		const id = await arrive(db, 1600);
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(await transcriptOf(db, id)).toBeUndefined();
		await complete(db, id, 1600);
		const done = await until(() => transcriptOf(db, id), (record) => record?.state === 'done');
		expect(done).toEqual({ state: 'done', text: 'meet me in room 1600' });
		await service.queue.idle();
		const states = changes.flatMap((change) => change.messages.filter((row) => row.id === id).map((row) => row.transcript?.state));
		expect(states).toEqual(['pending', 'running', 'done']);
	});

	it('leaves files that are not audio alone', async () => {
		const { db } = await setup();
		const id = await arrive(db, 1600, 'application/pdf');
		await complete(db, id, 1600);
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(await transcriptOf(db, id)).toBeUndefined();
	});

	it('deletes the transcript with the file, and with the message deleted for everyone', async () => {
		const { db, service } = await setup();
		const kept = await arrive(db, 1600);
		const gone = await arrive(db, 3200);
		await complete(db, kept, 1600);
		await complete(db, gone, 3200);
		await until(() => transcriptOf(db, gone), (record) => record?.state === 'done');
		await service.queue.idle();

		await removeFileData(db, kept);
		await until(() => transcriptOf(db, kept), (record) => record === undefined);
		expect((await db.receiver.get(kept))?.kind).toBe('file');

		await applyIncomingDelete(db, { id: newMessageId(++clock), target: gone, author: BOB, authoredAt: clock, now: clock });
		const tombstone = await db.receiver.get(gone);
		expect(tombstone?.deletedAt).toBeDefined();
		expect(tombstone?.transcript).toBeUndefined();
		// And nothing writes one onto the tombstone afterwards.
		expect(await setTranscript(db, gone, { state: 'done', text: 'late' })).toBeNull();
	});

	it('marks audio "off" while the setting is off, and a retry after turning it on transcribes', async () => {
		const { db, service } = await setup({ transcribe: false });
		expect(service.enabled).toBe(false);
		const id = await arrive(db, 800);
		await complete(db, id, 800);
		expect(await until(() => transcriptOf(db, id), (record) => record !== undefined)).toEqual({ state: 'unavailable', reason: 'off' });
		await service.setEnabled(true);
		await service.retry(id);
		expect(await until(() => transcriptOf(db, id), (record) => record?.state === 'done')).toEqual({ state: 'done', text: 'meet me in room 800' });
		expect((await db.settings.get(TRANSCRIBE_KEY))?.value).toBe(true);
	});

	it('says the model is unsupported when the build has none', async () => {
		const db = new ChatDb(`transcripts-${++counter}`);
		const service = new TranscriptService(db, null, { engine: () => null, decode });
		open.push({ db, service });
		await service.start();
		expect(service.downloadBytes).toBeNull();
		const id = await arrive(db, 1600);
		await complete(db, id, 1600);
		expect(await until(() => transcriptOf(db, id), (record) => record?.state === 'unavailable')).toEqual({ state: 'unavailable', reason: 'unsupported' });
	});
});

describe('a speech worker that died', () => {
	it('is replaced on the next use, so Retry can work', async () => {
		const db = new ChatDb(`transcripts-${++counter}`);
		let made = 0;
		const crashing: EngineFactory = () => {
			const first = ++made === 1;
			return {
				prepare: async () => ({ fromCache: true }),
				transcribe: () => ({ result: first ? Promise.reject(new SpeechError('unsupported', 'the speech worker stopped')) : Promise.resolve({ text: 'second worker' }) }),
				terminate: () => undefined
			};
		};
		const service = new TranscriptService(db, null, { engine: crashing, decode });
		open.push({ db, service });
		await service.start();
		const id = await arrive(db, 1600);
		await complete(db, id, 1600);
		expect(await until(() => transcriptOf(db, id), (record) => record?.state === 'unavailable')).toEqual({ state: 'unavailable', reason: 'unsupported' });
		await service.retry(id);
		expect(await until(() => transcriptOf(db, id), (record) => record?.state === 'done')).toEqual({ state: 'done', text: 'second worker' });
		expect(made).toBe(2);
	});
});

describe('the saved list of waiting messages', () => {
	it('is changed id by id, so two tabs queueing at once both keep theirs', async () => {
		const db = new ChatDb(`transcripts-${++counter}`);
		await Promise.all([changeTranscriptQueue(db, { add: 'from-tab-a' }), changeTranscriptQueue(db, { add: 'from-tab-b' })]);
		expect((await loadTranscriptQueue(db)).sort()).toEqual(['from-tab-a', 'from-tab-b']);
		await changeTranscriptQueue(db, { remove: 'from-tab-a' });
		expect(await loadTranscriptQueue(db)).toEqual(['from-tab-b']);
		await db.delete();
	});

	it('is taken up only when asked (the tab that owns the network)', async () => {
		const db = new ChatDb(`transcripts-${++counter}`);
		const id = await arrive(db, 1600);
		await complete(db, id, 1600);
		await setTranscript(db, id, { state: 'pending' });
		await changeTranscriptQueue(db, { add: id });
		const service = new TranscriptService(db, null, { engine, decode });
		open.push({ db, service });
		await service.start({ resume: false });
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(await transcriptOf(db, id)).toEqual({ state: 'pending' });
		await service.resume();
		expect(await until(() => transcriptOf(db, id), (record) => record?.state === 'done')).toEqual({ state: 'done', text: 'meet me in room 1600' });
		expect(await loadTranscriptQueue(db)).toEqual([]);
	});
});
