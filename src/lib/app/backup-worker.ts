import { BackupError } from '../backup/backup-error';
import type { BackupReply, BackupRequest } from '../backup/backup-protocol';
import { openBackup } from '../backup/backup-reader';
import type { BackupRecord } from '../backup/backup-records';
import { sealBackup } from '../backup/backup-writer';
import { loadPasswordHashing, loadSodium } from '../crypto/sodium';
import { ChatDb } from '../db/chat-db';
import { attachPieceFiles } from '../db/piece-files';
import { pieceFileReader } from '../opfs/opfs-piece-files';
import { countRows, exportRecords } from '../db/backup-export';
import { StagingRestore } from '../db/backup-restore';
import { pullRecords, serveRecords, type RecordPort } from '../transfer/record-port';

// The backup worker: reads or writes IndexedDB itself (Dexie works in a worker), so neither the
// records nor the ciphertext pass through the page. Only speaks postMessage; the work is in
// db/backup-export.ts, db/backup-restore.ts and backup/.

/** The file is built as a Blob folded every FOLD_BYTES, which the browser may keep on disk. */
const FOLD_BYTES = 8 * 1024 * 1024;
const PROGRESS_EVERY_RECORDS = 200;

const post = (reply: BackupReply) => (self as unknown as { postMessage(message: BackupReply): void }).postMessage(reply);

self.addEventListener('message', (event: MessageEvent<BackupRequest>) => {
	const request = event.data;
	const work = WORK[request.type](request as never);
	work.catch((error: unknown) => {
		if (error instanceof BackupError) post({ type: 'failed', failure: error.failure, detail: error.message });
		else if (error instanceof Error && /quota/iu.test(`${error.name} ${error.message}`)) post({ type: 'failed', failure: 'storage', detail: error.message });
		else post({ type: 'failed', failure: 'unexpected', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
	});
});

const WORK: { [K in BackupRequest['type']]: (request: Extract<BackupRequest, { type: K }>) => Promise<void> } = {
	backup,
	restore,
	'transfer-export': transferExport,
	'transfer-restore': transferRestore
};

async function crypto() {
	const [sodium, hashing] = await Promise.all([loadSodium(), loadPasswordHashing()]);
	return { sodium, hashing };
}

async function backup(request: Extract<BackupRequest, { type: 'backup' }>): Promise<void> {
	const db = new ChatDb(request.dbName);
	readPieceFiles(db);
	const keys = await crypto();
	const total = (await countRows(db, request.files)) + 1;
	let done = 0;
	let skipped = 0;
	async function* records(): AsyncGenerator<BackupRecord> {
		yield { t: 'manifest', createdAt: Date.now(), app: request.app.slice(0, 64), records: total, files: request.files };
		for await (const record of exportRecords(db, { files: request.files, onSkipped: () => (skipped += 1) })) {
			if (record.t !== 'fileChunk' && record.t !== 'fileBlob' && ++done % PROGRESS_EVERY_RECORDS === 0) post({ type: 'progress', done, total });
			yield record;
		}
	}
	let blob = new Blob([]);
	let parts: Uint8Array<ArrayBuffer>[] = [];
	let held = 0;
	for await (const part of sealBackup(keys, { passphrase: request.passphrase, files: request.files }, records())) {
		parts.push(part as Uint8Array<ArrayBuffer>);
		held += part.length;
		if (held >= FOLD_BYTES) {
			blob = new Blob([blob, ...parts]);
			parts = [];
			held = 0;
		}
	}
	db.close();
	post({ type: 'backed-up', blob: new Blob([blob, ...parts], { type: 'application/octet-stream' }), records: done, skipped });
}

async function restore(request: Extract<BackupRequest, { type: 'restore' }>): Promise<void> {
	const keys = await crypto();
	const staging = new StagingRestore(request.stagingName, keys.sodium);
	const total = request.file.size;
	try {
		let read = 0;
		const opened = await openBackup(keys, request.passphrase, bytesOf(request.file, (n) => (read += n)));
		let count = 0;
		for await (const record of opened.records) {
			await staging.add(record);
			if (++count % PROGRESS_EVERY_RECORDS === 0) post({ type: 'progress', done: read, total });
		}
		await staging.finish();
		staging.db.close();
		post({ type: 'restored', records: count });
	} catch (error) {
		await staging.abandon();
		throw error;
	}
}

/** A Blob's bytes as they are read, without async iteration of streams (not in every browser). */
async function* bytesOf(file: Blob, onRead: (bytes: number) => void): AsyncGenerator<Uint8Array> {
	const reader = file.stream().getReader();
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			onRead(value.length);
			yield value;
		}
	} finally {
		reader.releaseLock();
	}
}

/** Old device: the same records as a backup's, handed to the page (which seals and sends them) as it pulls. */
async function transferExport(request: Extract<BackupRequest, { type: 'transfer-export' }>): Promise<void> {
	const db = new ChatDb(request.dbName);
	readPieceFiles(db);
	const total = (await countRows(db, request.files)) + 1;
	let done = 0;
	let skipped = 0;
	async function* records(): AsyncGenerator<BackupRecord> {
		yield { t: 'manifest', createdAt: Date.now(), app: request.app.slice(0, 64), records: total, files: request.files };
		for await (const record of exportRecords(db, { files: request.files, onSkipped: () => (skipped += 1) })) {
			if (record.t !== 'fileChunk' && record.t !== 'fileBlob') done += 1;
			yield record;
		}
	}
	try {
		await serveRecords(request.port as unknown as RecordPort, records());
	} finally {
		db.close();
	}
	post({ type: 'exported', records: done, skipped });
}

/** New device: the records the page received and opened, written into a staging database. */
async function transferRestore(request: Extract<BackupRequest, { type: 'transfer-restore' }>): Promise<void> {
	const sodium = await loadSodium();
	const staging = new StagingRestore(request.stagingName, sodium);
	try {
		let count = 0;
		for await (const record of pullRecords(request.port as unknown as RecordPort)) {
			await staging.add(record);
			count += 1;
		}
		await staging.finish();
		staging.db.close();
		post({ type: 'restored', records: count });
	} catch (error) {
		await staging.abandon();
		throw error;
	}
}

/** Received files whose bytes are in piece files (db/piece-files.ts) are read from them. */
function readPieceFiles(db: ChatDb): void {
	if (typeof navigator.storage?.getDirectory === 'function') attachPieceFiles(db, pieceFileReader(db.name));
}
