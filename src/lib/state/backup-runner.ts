import { activateDb, newStagingName } from '../app/active-db';
import type { BackupFailure } from '../backup/backup-error';
import type { BackupReply, BackupRequest } from '../backup/backup-protocol';
import { browserLocks, deleteDatabase, holdingStaging, type StagingLocks } from '../db/staging-cleanup';

/** The part of a Worker the runner uses; tests may pass an in-process stand-in. */
export interface BackupWorkerLike {
	postMessage(message: BackupRequest, transfer?: Transferable[]): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<BackupReply>) => void): void;
	addEventListener(type: 'error', listener: (event: Event) => void): void;
	terminate(): void;
}

export function createBackupWorker(): BackupWorkerLike {
	return new Worker(new URL('../app/backup-worker.ts', import.meta.url), { type: 'module', name: 'parley-backup' }) as unknown as BackupWorkerLike;
}

export type RunFailure = BackupFailure | 'storage' | 'unexpected' | 'cancelled';

export class BackupRunFailed extends Error {
	constructor(
		readonly failure: RunFailure,
		detail: string
	) {
		super(detail);
	}
}

/** One sentence per failure, for the user. */
export function failureText(failure: RunFailure): string {
	switch (failure) {
		case 'wrong-passphrase':
			return 'Wrong passphrase, or the file was changed. Nothing was restored.';
		case 'truncated':
			return 'This backup file is incomplete (it was cut short). Nothing was restored.';
		case 'damaged':
		case 'record-too-large':
		case 'invalid-record':
			return 'This backup file is damaged. Nothing was restored.';
		case 'not-a-backup':
			return 'This is not a Parley backup file.';
		case 'newer-version':
			return 'This backup was made by a newer version of Parley. Update the app and try again.';
		case 'unsafe-kdf':
			return 'This backup asks for more memory or time than is safe to give it. Nothing was restored.';
		case 'cancelled':
			return 'Cancelled. Nothing was changed.';
		case 'storage':
			return 'The browser refused to store the data (storage full or blocked).';
		case 'unexpected':
			return 'Something went wrong. Nothing was changed.';
	}
}

export interface BackupFile {
	blob: Blob;
	fileName: string;
	records: number;
	skipped: number;
}

/**
 * The page side of backup and restore: starts the worker, relays its progress, and ends it on
 * Cancel. A cancelled or failed restore deletes its staging database here too (the worker may
 * have been stopped before it could).
 */
export class BackupRunner {
	#cancel: (() => void) | null = null;

	constructor(
		private readonly makeWorker: () => BackupWorkerLike = createBackupWorker,
		private readonly locks: StagingLocks | undefined = browserLocks()
	) {}

	/** A press during a restore before its worker has started (the staging lock being granted) is kept. */
	#restoring = false;
	#cancelled = false;

	cancel(): void {
		if (this.#cancel) this.#cancel();
		else if (this.#restoring) this.#cancelled = true;
	}

	async backup(dbName: string, passphrase: string, files: boolean, onProgress: (done: number, total: number) => void, now = new Date()): Promise<BackupFile> {
		const reply = await this.#run({ type: 'backup', dbName, passphrase, files, app: 'parley' }, onProgress);
		if (reply.type !== 'backed-up') throw new BackupRunFailed('unexpected', reply.type);
		return { blob: reply.blob, fileName: backupFileName(now), records: reply.records, skipped: reply.skipped };
	}

	/**
	 * Restores into a new database and makes it the app's; the caller reloads the page. Once the
	 * worker has written everything, Cancel can no longer undo it: onFinishing says so (the form
	 * takes its Cancel button away) just before the switch.
	 */
	async restore(file: Blob, passphrase: string, onProgress: (done: number, total: number) => void, onFinishing: () => void = () => undefined): Promise<void> {
		const stagingName = newStagingName();
		this.#restoring = true;
		this.#cancelled = false;
		// Held until the switch: a tab starting meanwhile must not take this for a leftover.
		const run = async () => {
			try {
				await this.#run({ type: 'restore', stagingName, file, passphrase }, onProgress);
			} catch (error) {
				await deleteDatabase(stagingName).catch(() => undefined);
				throw error;
			}
			onFinishing();
			try {
				activateDb(stagingName);
			} catch (error) {
				// localStorage refused the switch (full, or blocked): the restored copy is of no use.
				await deleteDatabase(stagingName).catch(() => undefined);
				throw new BackupRunFailed('storage', String(error).slice(0, 200));
			}
		};
		try {
			await holdingStaging(stagingName, run, this.locks);
		} finally {
			this.#restoring = false;
		}
	}

	#run(request: BackupRequest, onProgress: (done: number, total: number) => void): Promise<BackupReply> {
		if (this.#cancelled) {
			return Promise.reject(new BackupRunFailed('cancelled', 'cancelled before the worker started'));
		}
		const worker = this.makeWorker();
		return new Promise<BackupReply>((resolve, reject) => {
			const end = (error: BackupRunFailed | null, reply?: BackupReply) => {
				this.#cancel = null;
				worker.terminate();
				if (error) reject(error);
				else if (reply) resolve(reply);
			};
			this.#cancel = () => end(new BackupRunFailed('cancelled', 'cancelled'));
			worker.addEventListener('message', ({ data }) => {
				if (data.type === 'progress') onProgress(data.done, data.total);
				else if (data.type === 'failed') end(new BackupRunFailed(data.failure, data.detail));
				else end(null, data);
			});
			worker.addEventListener('error', () => end(new BackupRunFailed('unexpected', 'the backup worker failed to start')));
			worker.postMessage(request);
		});
	}
}

/** parley-backup-YYYY-MM-DD.parley, in local time. */
export function backupFileName(now: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `parley-backup-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.parley`;
}
