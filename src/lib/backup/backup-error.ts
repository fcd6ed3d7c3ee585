/**
 * Why a backup could not be read. Each is shown to the user as one sentence (backup-messages in
 * the UI) and nothing is restored: the reader stops at the first one.
 */
export type BackupFailure =
	| 'not-a-backup'
	| 'newer-version'
	| 'unsafe-kdf'
	| 'wrong-passphrase'
	| 'damaged'
	| 'truncated'
	| 'record-too-large'
	| 'invalid-record';

export class BackupError extends Error {
	constructor(
		readonly failure: BackupFailure,
		detail: string
	) {
		super(`${failure}: ${detail}`);
		this.name = 'BackupError';
	}
}
