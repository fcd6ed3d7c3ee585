import type { PeerId } from '../ids/peer-id';
import { admitGroupOp } from '../group/admission';
import type { GroupId, OpId } from '../group/group-ids';
import type { Checked, VerifiedOp } from '../group/group-signing';
import { foldMembership, type GroupState } from '../group/membership';
import type { ChatDb } from './chat-db';
import { cancelDeliveries } from './group-outbox';
import { FOLD_VERSION } from './group-rows';
import type { GroupOpRow, GroupRole, GroupRow, ThreadMessage } from './schema';

/** `duplicate`: the op was held already (another member relayed it first); nothing written. */
export type OpApplied = Checked<{ result: 'new' | 'duplicate'; group: GroupRow }>;

/** What this device is in a folded group; `opOf` finds a held op (a leave is a removal of its own author). */
export function roleOf(state: GroupState, me: PeerId, opOf: (id: OpId) => VerifiedOp | undefined): GroupRole {
	const member = state.members.get(me);
	if (member) return member.admin ? 'admin' : 'member';
	const removals = state.removals.get(me) ?? [];
	return removals.some((id) => opOf(id)?.frame.kind === 'leave') ? 'left' : 'removed';
}

export function verifiedOp(row: GroupOpRow): VerifiedOp {
	return { id: row.id, group: row.group, by: row.frame.by, clock: row.frame.clock, after: row.frame.after, frame: row.frame };
}

/** Every op held for the group (the fold's input, and what op sync offers). */
export async function heldOps(db: ChatDb, group: GroupId): Promise<VerifiedOp[]> {
	const rows = await db.groupOps.where('[group+time]').between([group, -Infinity], [group, Infinity]).toArray();
	return rows.map(verifiedOp);
}

/** Held ops among `ids` (a `gopreq`), in the order asked. */
export async function opsById(db: ChatDb, group: GroupId, ids: readonly OpId[]): Promise<VerifiedOp[]> {
	const rows = await db.groupOps.bulkGet([...ids]);
	return rows.flatMap((row) => (row && row.group === group ? [verifiedOp(row)] : []));
}

/** The group's folded state: the cached one, or a refold when the rules changed since it was cached. */
export async function stateOf(db: ChatDb, row: GroupRow | undefined): Promise<GroupState | null> {
	if (!row) return null;
	if (row.foldVersion === FOLD_VERSION) return row.state;
	return foldMembership(row.id, await heldOps(db, row.id));
}

export async function groupState(db: ChatDb, group: GroupId): Promise<GroupState | null> {
	return db.transaction('r', db.groups, db.groupOps, async () => stateOf(db, await db.groups.get(group)));
}

// In group-view.ts, which the conversation list loads before first paint without the fold's code.
export { listGroups } from './group-view';

/**
 * Stores a verified op if admission takes it (PROTOCOL §12b), refolds, and caches the new state,
 * in ONE transaction; a refused op stores nothing. A create op not known yet makes the group row
 * (this device created it, or was invited). Members the op takes out get no more copies: their
 * pending deliveries go (group-outbox.ts), and messages written later do not address them.
 */
export async function applyGroupOp(db: ChatDb, me: PeerId, op: VerifiedOp, now: number): Promise<OpApplied> {
	const tables = [db.groups, db.groupOps, db.groupDelivery, db.sender];
	const done = await db.transaction('rw', tables, async () => {
		const [known, row, held] = await Promise.all([db.groupOps.get(op.id), db.groups.get(op.group), heldOps(db, op.group)]);
		if (known && row) return { ok: true as const, value: { result: 'duplicate' as const, group: row }, settled: [] };
		const before = row ? await stateOf(db, row) : null;
		const admitted = admitGroupOp(before, op, held);
		if (!admitted.ok) return { ...admitted, settled: [] };
		const state = foldMembership(op.group, [...held, op]);
		if (!state) return { ok: false as const, reason: 'invalid' as const, settled: [] };
		const gone = before ? [...before.members.keys()].filter((member) => !state.members.has(member)) : [];
		const group: GroupRow = {
			...(row ?? { createdAt: now, lastActivity: now, unread: 0, lastSentSeq: 0 }),
			id: op.group,
			name: state.name,
			role: roleOf(state, me, (id) => (id === op.id ? op : held.find((h) => h.id === id))),
			state,
			foldVersion: FOLD_VERSION
		};
		const [settled] = await Promise.all([cancelDeliveries(db, op.group, gone), db.groupOps.put({ id: op.id, group: op.group, frame: op.frame, time: now }), db.groups.put(group)]);
		return { ok: true as const, value: { result: 'new' as const, group }, settled };
	});
	if (done.ok && done.value.result === 'new') {
		const messages: ThreadMessage[] = done.settled.map((row) => ({ ...row, direction: 'out' }));
		db.changes.publish({ messages, groups: [done.value.group], statusOnly: messages.length > 0 ? true : undefined });
	}
	return done.ok ? { ok: true, value: done.value } : { ok: false, reason: done.reason };
}

/** Mutes or unmutes a group: a muted group never notifies and is left out of the unread total. */
export async function setGroupMuted(db: ChatDb, group: GroupId, muted: boolean): Promise<GroupRow | undefined> {
	const updated = await db.transaction('rw', db.groups, async () => {
		const row = await db.groups.get(group);
		if (!row || (row.muted ?? false) === muted) return undefined;
		const next = { ...row, muted };
		await db.groups.put(next);
		return next;
	});
	if (updated) db.changes.publish({ messages: [], groups: [updated] });
	return updated;
}
