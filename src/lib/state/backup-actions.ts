import type { ChatDb } from '../db/chat-db';
import { estimateBytes } from '../db/backup-export';
import { getSetting, putSetting } from '../db/settings-queries';
import { BackupRunner, type BackupFile } from './backup-runner';

/** When the last backup file was written on this device (ms), for Settings and a later reminder. */
export const LAST_BACKUP_KEY = 'backup.lastAt';

/** Settings' "Backup" section: estimate, write, cancel, remember when. Loaded with Settings' code. */
export class BackupActions {
	constructor(
		private readonly db: ChatDb,
		private readonly runner = new BackupRunner()
	) {}

	estimate(files: boolean): Promise<number> {
		return estimateBytes(this.db, files);
	}

	lastBackupAt(): Promise<number | null> {
		return getSetting<number | null>(this.db, LAST_BACKUP_KEY, null);
	}

	async backup(passphrase: string, files: boolean, onProgress: (done: number, total: number) => void): Promise<BackupFile> {
		const file = await this.runner.backup(this.db.name, passphrase, files, onProgress);
		await putSetting(this.db, LAST_BACKUP_KEY, Date.now());
		return file;
	}

	cancel(): void {
		this.runner.cancel();
	}
}
