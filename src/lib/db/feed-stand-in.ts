// STAND-IN, NOT PART OF THE DESIGN: the display branch (issue 9) needs committed rows on
// `ChatDb.changes` to run its end-to-end tests, and the writers publishing them is the delivery
// branch's work. This Dexie middleware publishes every committed message and users write
// instead. Drop this file and its one line in chat-db.ts when the delivery branch is merged.
import type Dexie from 'dexie';
import type { DBCoreMutateRequest, DBCoreTransaction } from 'dexie';
import type { ChangeFeed } from './change-feed';
import type { ThreadMessage, UserRow } from './schema';

interface Pending {
	messages: ThreadMessage[];
	users: UserRow[];
	cleared: Set<string>;
}

const DIRECTION: Record<string, 'in' | 'out'> = { sender: 'out', receiver: 'in' };

export function publishCommittedWrites(db: Dexie, feed: ChangeFeed): void {
	const pending = new WeakMap<object, Pending>();
	const collect = (trans: DBCoreTransaction): Pending => {
		let entry = pending.get(trans);
		if (!entry) {
			const created: Pending = { messages: [], users: [], cleared: new Set() };
			pending.set(trans, created);
			entry = created;
			(trans as unknown as IDBTransaction).addEventListener('complete', () =>
				feed.publish({ messages: created.messages, users: created.users, cleared: [...created.cleared] })
			);
		}
		return entry;
	};
	db.use({
		stack: 'dbcore',
		name: 'feed-stand-in',
		create: (down) => ({
			...down,
			table(name) {
				const table = down.table(name);
				const direction = DIRECTION[name];
				if (!direction && name !== 'users') return table;
				return {
					...table,
					async mutate(request: DBCoreMutateRequest) {
						let removed: { conversationId?: string; peerId?: string }[] = [];
						if (request.type === 'delete') removed = ((await table.getMany({ trans: request.trans, keys: request.keys })) as typeof removed).filter(Boolean);
						const result = await table.mutate(request);
						const entry = collect(request.trans);
						if (request.type === 'add' || request.type === 'put') {
							for (const value of request.values) {
								if (direction) entry.messages.push({ ...(value as object), direction } as ThreadMessage);
								else entry.users.push(value as UserRow);
							}
						} else {
							for (const row of removed) entry.cleared.add(row.conversationId ?? row.peerId ?? '');
						}
						return result;
					}
				};
			}
		})
	});
}
