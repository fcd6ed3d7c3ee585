// What a group thread shows besides messages: system lines for membership changes, the delivery
// summary under one's own group message, and which bubbles open a run by one author (the author's
// name and avatar are shown once per run). Pure: names come from a lookup the caller passes.
import type { GroupOpFrame } from '../group/group-frames';

/** A person's shown name by peer id; the caller says "You" for this device. */
export type NameOf = (peer: string) => string;

/**
 * The sentence a membership op adds to the thread ("Alice added Dave"). Derived when shown from
 * the stored op, never stored as a message: search, unread counts and export never see it.
 */
export function systemLineText(frame: GroupOpFrame, nameOf: NameOf, self?: string): string {
	const by = frame.by === self ? 'You' : nameOf(frame.by);
	// This device as the object of a sentence: "Alice removed you".
	const whom = (peer: string) => (peer === self ? 'you' : nameOf(peer));
	switch (frame.kind) {
		case 'create':
			return `${by} created the group “${frame.name}”`;
		case 'add':
			return `${by} added ${whom(frame.member)}`;
		case 'remove':
			return `${by} removed ${whom(frame.member)}`;
		case 'leave':
			return `${by} left`;
		case 'rename':
			return `${by} renamed the group to “${frame.name}”`;
		case 'admin':
			return frame.admin ? `${by} made ${whom(frame.member)} an admin` : `${by} removed ${whom(frame.member)} as admin`;
	}
}

export interface DeliveryCount {
	delivered: number;
	total: number;
	/** Members who have read it, when the group reports reads. */
	read?: number;
}

/** What one's own group message says under it: "Delivered to 3 of 4", "Read by all 4". */
export function deliverySummary(count: DeliveryCount | undefined): string {
	if (!count) return 'Sending…';
	const { delivered, total, read = 0 } = count;
	if (total === 0) return 'Sent (no one else in the group)';
	if (read > 0) return read >= total ? `Read by all ${total}` : `Read by ${read} of ${total}`;
	if (delivered === 0) return total === 1 ? 'Pending' : `Pending for all ${total}`;
	if (delivered >= total) return total === 1 ? 'Delivered' : `Delivered to all ${total}`;
	return `Delivered to ${delivered} of ${total}`;
}

/** Every member it went to (and who is still in the group) has read it: the bubble's "read" tick. */
export function readByAll(count: DeliveryCount | undefined): boolean {
	return count !== undefined && count.total > 0 && (count.read ?? 0) >= count.total;
}

/** The count as shown: reads dropped while the user's own read receipts are off. */
export function withoutReads(count: DeliveryCount | undefined, receipts: boolean): DeliveryCount | undefined {
	if (receipts || count?.read === undefined) return count;
	return { delivered: count.delivered, total: count.total };
}

export type MemberDelivery = 'pending' | 'delivered' | 'read';

/** Message info's words for one member's copy. */
export function memberDeliveryText(status: MemberDelivery): string {
	return status === 'read' ? 'Read' : status === 'delivered' ? 'Delivered' : 'Pending';
}

/** What run grouping needs of a row: who wrote it, when, and whether it is a system line. */
export interface RunRow {
	id: string;
	direction: 'in' | 'out';
	peerId: string;
	time: number;
	system?: unknown;
}

/** A run of one author's bubbles breaks after this long a pause, like a new paragraph. */
export const RUN_BREAK_MS = 5 * 60_000;

/** Whether `row` opens a run (its author's name and avatar are shown): the author changed, a system line or a long pause came between. */
export function opensRun(row: RunRow, previous: RunRow | undefined): boolean {
	if (row.system !== undefined || row.direction === 'out') return false;
	if (!previous || previous.system !== undefined || previous.direction !== 'in') return true;
	return previous.peerId !== row.peerId || row.time - previous.time > RUN_BREAK_MS;
}

/** Ids of the incoming rows that open a run, over rows in thread order. */
export function runStarts(rows: readonly RunRow[]): Set<string> {
	const starts = new Set<string>();
	for (const [i, row] of rows.entries()) if (opensRun(row, rows[i - 1])) starts.add(row.id);
	return starts;
}

/** The conversation list's preview of a group: "You: …", "Alice: …". */
export function groupPreviewText(preview: { text: string; author: string } | undefined, nameOf: NameOf): string {
	if (!preview) return 'No messages yet';
	const who = preview.author === 'self' ? 'You' : nameOf(preview.author);
	return `${who}: ${preview.text}`;
}

/** Members and how many are online, for the group's header: "4 members, 2 online". */
export function memberCountText(members: number, online: number): string {
	const count = members === 1 ? '1 member' : `${members} members`;
	return online > 0 ? `${count}, ${online} online` : count;
}

/**
 * `rows` with the system lines that fall among them merged in by time (a line at the same time
 * as a message goes first). While older history is not loaded (`hasOlder`), lines before the
 * first loaded row wait for it, so paging back shows them in place. Returns `rows` itself when
 * no line falls among them.
 */
export function withSystemLines<T extends { time: number }>(rows: readonly T[], lines: readonly T[], hasOlder: boolean): readonly T[] {
	const from = hasOlder ? (rows[0]?.time ?? Infinity) : -Infinity;
	const shown = lines.filter((line) => line.time >= from);
	if (shown.length === 0) return rows;
	const merged: T[] = [];
	let next = 0;
	for (const row of rows) {
		while (next < shown.length && shown[next]!.time <= row.time) merged.push(shown[next++]!);
		merged.push(row);
	}
	while (next < shown.length) merged.push(shown[next++]!);
	return merged;
}
