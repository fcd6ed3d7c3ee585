import { describe, expect, it } from 'vitest';
import { INTERVAL_MS } from '../../../src/lib/backup/backup-reminder';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { getSetting, putSetting } from '../../../src/lib/db/settings-queries';
import { BackupActions, LAST_BACKUP_KEY, REMINDER_KEY, SNOOZE_KEY } from '../../../src/lib/state/backup-actions';
import type { BackupRunner } from '../../../src/lib/state/backup-runner';

const NOW = 1_800_000_000_000;
const DAY = 24 * 60 * 60 * 1000;
let dbCounter = 0;

function setup() {
	const db = new ChatDb(`backup-actions-${++dbCounter}`);
	return { db, actions: new BackupActions(db, {} as BackupRunner) };
}

describe('BackupActions: the reminder', () => {
	it('is off by default: no notice, even with no backup', async () => {
		const { actions } = setup();
		expect(await actions.reminder()).toBe('off');
		expect(await actions.reminderNotice(NOW)).toBeNull();
	});

	it('weekly: a notice with the days since the last backup; none once it is recent', async () => {
		const { db, actions } = setup();
		await actions.setReminder('week');
		expect(await actions.reminderNotice(NOW)).toEqual({ days: null });
		await putSetting(db, LAST_BACKUP_KEY, NOW - 10 * DAY);
		expect(await actions.reminderNotice(NOW)).toEqual({ days: 10 });
		await putSetting(db, LAST_BACKUP_KEY, NOW - DAY);
		expect(await actions.reminderNotice(NOW)).toBeNull();
	});

	it('Later stores one interval of quiet; a new choice clears it', async () => {
		const { db, actions } = setup();
		await actions.setReminder('month');
		await actions.snooze(NOW);
		expect(await getSetting(db, SNOOZE_KEY, null)).toBe(NOW + INTERVAL_MS.month);
		expect(await actions.reminderNotice(NOW + DAY)).toBeNull();
		expect(await actions.reminderNotice(NOW + INTERVAL_MS.month)).toEqual({ days: null });
		await actions.setReminder('week');
		expect(await getSetting(db, SNOOZE_KEY, null)).toBeNull();
		expect(await actions.reminderNotice(NOW + DAY)).toEqual({ days: null });
	});

	it('reads a stored value that is not a choice as off', async () => {
		const { db, actions } = setup();
		await putSetting(db, REMINDER_KEY, { every: 'week' });
		expect(await actions.reminder()).toBe('off');
	});
});
