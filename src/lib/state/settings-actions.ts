import type { ChatDb } from '../db/chat-db';
import { renameSelf } from '../db/identity-store';
import { storedCounts, type StoredCounts } from '../db/storage-queries';
import type { Messenger } from '../messenger/messenger';
import { cleanName } from '../text/clean-name';

/** Where the settings view opens: at its top, at "Your contact" (the sidebar's share button), or at "Backup" (the reminder). */
export type SettingsEntry = 'top' | 'contact' | 'backup';

export interface StorageUsage {
	/** What the browser counts against this origin (database, search index, offline app); null: unknown. */
	usedBytes: number | null;
	/** How much the browser would let this origin use; null: unknown. */
	quotaBytes: number | null;
	/** Whether the browser promised not to evict this origin's data; null: it cannot say. */
	persisted: boolean | null;
	counts: StoredCounts;
}

/** What the settings view changes beyond plain switches: the profile, and what it reads. */
export class SettingsActions {
	constructor(
		private readonly db: ChatDb,
		private readonly messenger: Pick<Messenger, 'announceProfile'>,
		private readonly show: (displayName: string) => void
	) {}

	/**
	 * Saves a new display name and sends it to contacts: those connected now at once, the others
	 * with their next handshake. Returns an error to show, or null once it is saved.
	 */
	async rename(input: string): Promise<string | null> {
		const name = cleanName(input);
		if (!name) return 'A name needs at least one visible letter or symbol.';
		await renameSelf(this.db, name);
		// Before announcing: the messenger reads the name it sends from what is shown.
		this.show(name);
		this.messenger.announceProfile();
		return null;
	}

	async storageUsage(): Promise<StorageUsage> {
		const [estimate, persisted, counts] = await Promise.all([estimateStorage(), isPersisted(), storedCounts(this.db)]);
		return { usedBytes: estimate?.usage ?? null, quotaBytes: estimate?.quota ?? null, persisted, counts };
	}
}

async function estimateStorage(): Promise<StorageEstimate | null> {
	try {
		return (await navigator.storage?.estimate?.()) ?? null;
	} catch {
		return null;
	}
}

async function isPersisted(): Promise<boolean | null> {
	try {
		return (await navigator.storage?.persisted?.()) ?? null;
	} catch {
		return null;
	}
}
