import type { BackupRecord } from '../backup/backup-records';
import type { BackupReply } from '../backup/backup-protocol';
import { createBackupWorker, BackupRunFailed, type BackupWorkerLike } from '../state/backup-runner';
import { pullRecords, serveRecords, type RecordPort } from '../transfer/record-port';

// The page's side of the backup worker during a device transfer: the worker reads IndexedDB
// (old device) or writes the staging database (new device); the page only seals, opens and pumps.

export interface ExportedRecords {
	records: AsyncGenerator<BackupRecord>;
	stop(): void;
}

export class TransferWorkerClient {
	constructor(private readonly makeWorker: () => BackupWorkerLike = createBackupWorker) {}

	/** The old device's records, read by the worker one batch ahead of the page. */
	exportRecords(dbName: string, files: boolean): ExportedRecords {
		const worker = this.makeWorker();
		const { port1, port2 } = new MessageChannel();
		// The worker's own failures (before it serves a record) end the pull like the producer's.
		const fail = (failure: string, detail: string) => port1.dispatchEvent(new MessageEvent('message', { data: { type: 'failed', failure, detail } }));
		worker.addEventListener('message', ({ data }) => {
			if (data.type === 'failed') fail(data.failure, data.detail);
		});
		worker.addEventListener('error', () => fail('unexpected', 'the backup worker failed to start'));
		worker.postMessage({ type: 'transfer-export', dbName, files, app: 'parley', port: port2 }, [port2]);
		const records = (async function* () {
			try {
				yield* pullRecords(port1 as unknown as RecordPort);
			} finally {
				worker.terminate();
			}
		})();
		return { records, stop: () => worker.terminate() };
	}

	/** Writes `records` into the staging database `stagingName`; throws (staging left for the caller to delete) on any failure. */
	restore(stagingName: string, records: AsyncIterable<BackupRecord>): Promise<number> {
		const worker = this.makeWorker();
		const { port1, port2 } = new MessageChannel();
		const served = serveRecords(port1 as unknown as RecordPort, records);
		return new Promise<number>((resolve, reject) => {
			const end = (error: BackupRunFailed | null, count = 0) => {
				worker.terminate();
				port1.close();
				if (error) reject(error);
				else resolve(count);
			};
			worker.addEventListener('message', ({ data }: MessageEvent<BackupReply>) => {
				if (data.type === 'restored') end(null, data.records);
				else if (data.type === 'failed') end(new BackupRunFailed(data.failure, data.detail));
			});
			worker.addEventListener('error', () => end(new BackupRunFailed('unexpected', 'the backup worker failed to start')));
			worker.postMessage({ type: 'transfer-restore', stagingName, port: port2 }, [port2]);
			void served;
		});
	}
}
