import type { ChatDb } from '../db/chat-db';
import { deleteDatabase } from '../db/staging-cleanup';
import { resetActiveDb } from './active-db';
import { clearRetired } from './retired-device';
import { browserJournalServices, forgetSendJournals } from './send-journal';

/**
 * "Erase this device" on the retired screen: the identity lives on the other device now, so this
 * copy (keys, history, files, notes of messages not yet committed) is deleted; the lock goes
 * last, with nothing left to connect.
 */
export async function eraseRetiredDevice(db: ChatDb): Promise<void> {
	db.close();
	await deleteDatabase(db.name);
	forgetSendJournals(db.name, browserJournalServices().storage);
	resetActiveDb();
	clearRetired();
}
