import type { ChatDb } from '../db/chat-db';
import { lastGroupSeq } from '../db/group-outbox';
import type { GroupId } from '../group/group-ids';
import type { PeerId } from '../ids/peer-id';

/**
 * My per-group seqs, handed out in memory: the store is read once per group (its high-water
 * mark: the group row's `lastSentSeq` and my newest logged frame), then each frame takes the next
 * number without a read. Callers take seqs inside the group's serial queue (group-actions.ts), so
 * two writes never race for one. A seq is never reused across a crash because no frame is on the
 * wire before its record is durable (GroupActions waits for the durability barrier before the
 * fan-out), so the high-water mark read at the next start is at or above every seq a member saw;
 * a record refused as `stale-seq` (another tab wrote) or failed makes the group read again.
 */
export class GroupSeqs {
	#last = new Map<GroupId, number>();

	constructor(
		private readonly db: ChatDb,
		private readonly me: PeerId
	) {}

	/** The first of `count` consecutive seqs, now mine to sign with. */
	async take(group: GroupId, count: number): Promise<number> {
		const last = this.#last.get(group) ?? (await lastGroupSeq(this.db, this.me, group));
		this.#last.set(group, last + count);
		return last + 1;
	}

	/** What was taken may not have been written: the next take reads the store again. */
	forget(group: GroupId): void {
		this.#last.delete(group);
	}
}
