import Dexie, { type Table } from 'dexie';
import type { IdentityRow, ReceivedRow, SentRow, SettingRow, UserRow } from './schema';

export const DEFAULT_DB_NAME = 'parley';

/**
 * The only module that declares the database. Indexes exist only for queries in ./queries:
 * threads page by [conversationId+time], the outbox walks [peerId+status+seq], unread counts use
 * [conversationId+unread] (IndexedDB cannot index booleans, hence 0 | 1).
 */
export class ChatDb extends Dexie {
	identity!: Table<IdentityRow, 'self'>;
	users!: Table<UserRow, string>;
	sender!: Table<SentRow, string>;
	receiver!: Table<ReceivedRow, string>;
	settings!: Table<SettingRow, string>;

	constructor(name = DEFAULT_DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
		super(name, options);
		this.version(1).stores({
			identity: 'key',
			users: 'peerId, lastActivity',
			sender: 'id, [conversationId+time], [conversationId+seq], [peerId+status+seq]',
			receiver: 'id, [conversationId+time], [conversationId+unread]',
			settings: 'key'
		});
	}
}

export { liveQuery } from 'dexie';
