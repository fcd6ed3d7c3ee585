import type { BackupFailure } from './backup-error';

// What the page and the backup worker (app/backup-worker.ts) say to each other. The worker does
// all of it: Argon2id is one long computation and sealing a large history is many chunks, so
// the page stays responsive whatever the size.

export type BackupRequest =
	| { type: 'backup'; dbName: string; passphrase: string; files: boolean; app: string }
	| { type: 'restore'; stagingName: string; file: Blob; passphrase: string }
	/** Device transfer, old device: the backup's records, pulled by the page over `port` (transfer/record-port.ts). */
	| { type: 'transfer-export'; dbName: string; files: boolean; app: string; port: MessagePort }
	/** Device transfer, new device: records pulled from the page over `port`, written into staging. */
	| { type: 'transfer-restore'; stagingName: string; port: MessagePort };

export type BackupReply =
	/** `done` of `total`: records for a backup, bytes of the file for a restore. */
	| { type: 'progress'; done: number; total: number }
	| { type: 'backed-up'; blob: Blob; records: number; skipped: number }
	| { type: 'restored'; records: number }
	/** The transfer export handed its last record to the page. */
	| { type: 'exported'; records: number; skipped: number }
	| { type: 'failed'; failure: BackupFailure | 'storage' | 'unexpected'; detail: string };
