import { SvelteMap } from 'svelte/reactivity';
import type { ChatDb } from '../db/chat-db';
import type { StoredChanges } from '../db/change-feed';
import { markGroupRead } from '../db/group-inbox';
import { deliveryCounts, type DeliveryCount } from '../db/group-outbox';
import { groupOpRows } from '../db/group-view';
import type { GroupOpRow, ThreadMessage } from '../db/schema';
import type { GroupId } from '../group/group-ids';
import { runStarts, withSystemLines } from '../history/system-lines';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { GroupApi } from '../messenger/group-api';
import type { Messenger } from '../messenger/messenger';
import type { SystemRow } from './system-row';
import { ThreadState } from './thread-state.svelte';

export { isSystemRow, type SystemRow } from './system-row';

/**
 * A group conversation: a thread (its messages are rows whose `conversationId` is the group id)
 * plus the system lines of its membership ops, which author opens each run of bubbles, and the
 * per-member delivery count of each message this device wrote (read on demand, refreshed when
 * an ack publishes the row again).
 */
export class GroupThreadState extends ThreadState {
	/** The group's membership ops, oldest first. */
	ops = $state.raw<readonly GroupOpRow[]>([]);
	readonly counts = new SvelteMap<string, DeliveryCount>();
	// Plain bookkeeping, never read by a template: stable row objects, ids already asked, a batch.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#systemRows = new Map<string, SystemRow>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#asked = new Set<string>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#countQueue = new Set<MessageId>();
	#stopGroupFeed: () => void;

	/** Rows that open a run of one author's bubbles: their name and avatar are shown. */
	readonly runStarts: ReadonlySet<string> = $derived(runStarts(this.messages));

	constructor(
		private readonly groupDb: ChatDb,
		messenger: Messenger,
		readonly group: GroupId,
		private readonly api: GroupApi
	) {
		super(groupDb, messenger, group as string as PeerId);
		this.#stopGroupFeed = groupDb.changes.subscribe((changes) => this.#onGroupChanges(changes));
		void this.#readOps();
	}

	override close(): void {
		super.close();
		this.#stopGroupFeed();
	}

	protected override withSystemRows(rows: readonly ThreadMessage[]): readonly ThreadMessage[] {
		const lines = this.ops.map((op) => this.#systemRow(op));
		return withSystemLines(rows, lines, this.hasOlder);
	}

	protected override sendText(text: string, options: { replyTo?: MessageId }): Promise<unknown> {
		return this.api.sendGroupText(this.group, text, options);
	}

	// A group's members are reached one by one; the outbox sync wakes the app for any pending copy.
	protected override reachableNow(): boolean {
		return false;
	}

	protected override markStoredRead(): Promise<void> {
		return markGroupRead(this.groupDb, this.group);
	}

	/** "Delivered to 3 of 4" for one of our messages; read from the store the first time it is asked. */
	countOf(id: MessageId): DeliveryCount | undefined {
		const count = this.counts.get(id);
		if (!this.#asked.has(id)) {
			this.#asked.add(id);
			this.#queueCount(id);
		}
		return count;
	}

	#systemRow(op: GroupOpRow): SystemRow {
		let row = this.#systemRows.get(op.id);
		if (!row) {
			row = { direction: 'in', id: op.id as string as MessageId, conversationId: this.group, peerId: op.frame.by, seq: 0, text: '', authoredAt: op.time, time: op.time, unread: 0, system: op };
			this.#systemRows.set(op.id, row);
		}
		return row;
	}

	#onGroupChanges(changes: StoredChanges): void {
		if (changes.groups?.some((group) => group.id === this.group)) void this.#readOps();
		for (const row of changes.messages) if (row.direction === 'out' && row.conversationId === this.group && this.#asked.has(row.id)) this.#queueCount(row.id);
	}

	/** Counts asked in one task are read together (a page of bubbles renders at once). */
	#queueCount(id: MessageId): void {
		const first = this.#countQueue.size === 0;
		this.#countQueue.add(id);
		if (!first) return;
		queueMicrotask(() => {
			const ids = [...this.#countQueue];
			this.#countQueue.clear();
			deliveryCounts(this.groupDb, ids).then(
				(counts) => {
					for (const [id, count] of counts) this.counts.set(id, count);
				},
				(error: unknown) => console.error('could not read delivery counts', error)
			);
		});
	}

	async #readOps(): Promise<void> {
		try {
			const rows = await groupOpRows(this.groupDb, this.group);
			if (rows.length !== this.ops.length) this.ops = rows;
		} catch (error) {
			console.error('could not read the group’s changes', error);
		}
	}
}
