import type { ChatDb } from '../db/chat-db';
import { estimateBytes } from '../db/backup-export';
import { getSetting, putSetting } from '../db/settings-queries';
import { BackupRunner, type BackupFile } from './backup-runner';
import { daysSinceBackup, reminderDue, reminderInterval, snoozeUntil, type ReminderInterval } from '../backup/backup-reminder';

/** When the last backup file was written on this device (ms), for Settings and a later reminder. */
export const LAST_BACKUP_KEY = 'backup.lastAt';
/** "Remind me to back up": 'off' (the default), 'week' or 'month'. */
export const REMINDER_KEY = 'backup.remind';
/** Until when "Later" holds the reminder back (ms). */
export const SNOOZE_KEY = 'backup.snoozedUntil';

/** The shell's reminder: days since the last backup, null when there was none on this device. */
export interface ReminderNotice {
	days: number | null;
}

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

	async reminder(): Promise<ReminderInterval> {
		return reminderInterval(await getSetting<unknown>(this.db, REMINDER_KEY, 'off'));
	}

	/** A new choice starts afresh: an earlier "Later" no longer holds. */
	async setReminder(interval: ReminderInterval): Promise<void> {
		await this.db.transaction('rw', this.db.settings, async () => {
			await putSetting(this.db, REMINDER_KEY, interval);
			await this.db.settings.delete(SNOOZE_KEY);
		});
	}

	/** The notice to show now, or null when none is due. */
	async reminderNotice(now: number): Promise<ReminderNotice | null> {
		const [interval, lastAt, snoozedUntil] = await Promise.all([
			getSetting<unknown>(this.db, REMINDER_KEY, 'off'),
			getSetting<unknown>(this.db, LAST_BACKUP_KEY, null),
			getSetting<unknown>(this.db, SNOOZE_KEY, null)
		]);
		return reminderDue({ now, lastAt, interval, snoozedUntil }) ? { days: daysSinceBackup(now, lastAt) } : null;
	}

	/** "Later": quiet for one interval. */
	async snooze(now: number): Promise<void> {
		await putSetting(this.db, SNOOZE_KEY, snoozeUntil(now, await this.reminder()));
	}

	cancel(): void {
		this.runner.cancel();
	}
}
