import type { GroupMessageFrame } from '../group/group-frames';
import type { GroupId, OpId } from '../group/group-ids';
import type { GroupState } from '../group/membership';
import { answerRelayRequest, summarize, type RelaySummary, type SeqRange } from '../group/relay';
import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import { stateOf } from './group-store';

/** What a `gsum` frame says of this device's copy of a group (PROTOCOL §12d). */
export interface HeldSummary {
	state: GroupState;
	summary: RelaySummary;
	heads: readonly OpId[];
	ops: number;
}

/**
 * The relay summary of a group: per author the run of seqs held, from the log's keys only (no
 * frame is read), and the op graph's heads and size. Null for a group not held.
 */
export async function heldSummary(db: ChatDb, group: GroupId): Promise<HeldSummary | null> {
	return db.transaction('r', db.groups, db.groupOps, db.groupFrames, async () => {
		const state = await stateOf(db, await db.groups.get(group));
		if (!state) return null;
		const [keys, ops] = await Promise.all([
			db.groupFrames.where('[group+author+seq]').between([group, '', -Infinity], [group, '\uffff', Infinity]).keys(),
			db.groupOps.where('[group+time]').between([group, -Infinity], [group, Infinity]).count()
		]);
		const held = new Map<PeerId, number[]>();
		for (const key of keys) {
			const [, author, seq] = key as unknown as [GroupId, PeerId, number];
			let seqs = held.get(author);
			if (!seqs) held.set(author, (seqs = []));
			seqs.push(seq);
		}
		return { state, summary: summarize(state, held), heads: state.heads, ops };
	});
}

/**
 * The authors' original signed frames answering a relay request (or my offer from `planRelay`),
 * clamped by `answerRelayRequest` to what I hold, the history window and one batch, oldest
 * first per author; `more` when the request asked past one batch.
 */
export async function relayFrames(db: ChatDb, group: GroupId, request: readonly SeqRange[]): Promise<{ frames: GroupMessageFrame[]; more: boolean }> {
	const held = await heldSummary(db, group);
	if (!held) return { frames: [], more: false };
	const batch = answerRelayRequest(request, held.summary, held.state);
	const runs = await Promise.all(
		batch.ranges.map((range) => db.groupFrames.where('[group+author+seq]').between([group, range.author, range.from], [group, range.author, range.to], true, true).toArray())
	);
	return { frames: runs.flat().map((row) => row.frame), more: batch.more };
}
