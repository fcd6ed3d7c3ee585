import type { ChatDb } from './chat-db';
import type { ReceivedRow, SentRow } from './schema';
import { getSetting } from './settings-queries';

/** A conversation the dataset export can include; `title` is for the picker only, never exported. */
export interface ExportableConversation {
	id: string;
	kind: 'direct' | 'group';
	title: string;
}

/** One stored message as the export reads it: the author is a peer id or 'self'. */
export interface StoredExportMessage {
	author: string;
	time: number;
	text: string;
	edited: boolean;
	deleted: boolean;
	transcript?: string;
	attachment?: { mime: string; bytes: number };
}

/** Rows read per page: the export never holds more than this many rows of one table at once. */
export const EXPORT_PAGE_ROWS = 500;

/** Direct conversations with contacts (not blocked, not ignored requests) and groups, newest first. */
export async function exportableConversations(db: ChatDb): Promise<ExportableConversation[]> {
	const [users, groups] = await Promise.all([db.users.toArray(), db.groups.toArray()]);
	const direct = users
		.filter((user) => user.state === 'contact' || user.state === 'request')
		.map((user) => ({ id: user.peerId as string, kind: 'direct' as const, title: user.nickname || user.name, at: user.lastActivity }));
	const group = groups.map((row) => ({ id: row.id as string, kind: 'group' as const, title: row.name, at: row.lastActivity }));
	return [...direct, ...group].sort((a, b) => b.at - a.at).map(({ id, kind, title }) => ({ id, kind, title }));
}

/**
 * What the app knows about people, for the scrubber: every name, nickname and suggested name of
 * every stored peer (contacts, group members, requests), the user's own name and handle, and the
 * handles the user looked up. And who agreed to research datasets (their last profile said so).
 */
export async function exportPeople(db: ChatDb): Promise<{ names: string[]; handles: string[]; consented: Set<string> }> {
	const [users, identity, handle, pins] = await Promise.all([
		db.users.toArray(),
		db.identity.get('self'),
		getSetting<unknown>(db, 'handle', null),
		getSetting<unknown>(db, 'handle-pins', null)
	]);
	const names = new Set<string>();
	for (const user of users) for (const name of [user.name, user.nickname, user.suggestedName]) if (name) names.add(name);
	if (identity?.displayName) names.add(identity.displayName);
	const handles = new Set<string>();
	if (typeof handle === 'string') handles.add(handle);
	if (pins && typeof pins === 'object') for (const key of Object.keys(pins)) handles.add(key);
	const consented = new Set(users.filter((user) => user.researchConsent === true).map((user) => user.peerId as string));
	return { names: [...names], handles: [...handles], consented };
}

/**
 * One page of a conversation's messages in [from, to], both directions, in time order, starting
 * after `after` (exclusive; ties at the same time are read by id). Null `next` at the end.
 */
export async function exportPage(
	db: ChatDb,
	conversationId: string,
	range: { from: number; to: number },
	after: { time: number; id: string } | null
): Promise<{ messages: StoredExportMessage[]; next: { time: number; id: string } | null }> {
	const start = after ? after.time : range.from;
	const read = <Row extends SentRow | ReceivedRow>(rows: Row[]) => rows.filter((row) => !after || row.time > after.time || (row.time === after.time && row.id > after.id));
	const [sent, received] = await Promise.all([
		db.sender.where('[conversationId+time]').between([conversationId, start], [conversationId, range.to], true, true).limit(EXPORT_PAGE_ROWS + 1).toArray(),
		db.receiver.where('[conversationId+time]').between([conversationId, start], [conversationId, range.to], true, true).limit(EXPORT_PAGE_ROWS + 1).toArray()
	]);
	const rows = [...read(sent).map((row) => ({ row, out: true })), ...read(received).map((row) => ({ row, out: false }))].sort(
		(a, b) => a.row.time - b.row.time || (a.row.id < b.row.id ? -1 : 1)
	);
	// Both tables were cut at the same count: past it, one of them may have rows not read yet.
	const page = rows.slice(0, EXPORT_PAGE_ROWS);
	const fileIds = page.filter(({ row }) => row.kind === 'file').map(({ row }) => row.id);
	const files = new Map((await db.files.bulkGet(fileIds)).flatMap((file) => (file ? [[file.messageId as string, file] as const] : [])));
	const messages = page.map(({ row, out }): StoredExportMessage => {
		const file = files.get(row.id);
		return {
			author: out ? 'self' : row.peerId,
			time: row.time,
			text: row.deletedAt ? '' : row.text,
			edited: (row.version ?? 0) > 0,
			deleted: row.deletedAt !== undefined,
			...(row.transcript?.state === 'done' && !row.deletedAt ? { transcript: row.transcript.text } : {}),
			...(file ? { attachment: { mime: file.type, bytes: file.size } } : {})
		};
	});
	const last = page.at(-1)?.row;
	const more = sent.length > EXPORT_PAGE_ROWS || received.length > EXPORT_PAGE_ROWS || rows.length > EXPORT_PAGE_ROWS;
	return { messages, next: more && last ? { time: last.time, id: last.id } : null };
}

/** How many messages (both directions) a conversation holds in [from, to]: the progress bar's total. */
export async function countMessages(db: ChatDb, conversationId: string, range: { from: number; to: number }): Promise<number> {
	const [sent, received] = await Promise.all([
		db.sender.where('[conversationId+time]').between([conversationId, range.from], [conversationId, range.to], true, true).count(),
		db.receiver.where('[conversationId+time]').between([conversationId, range.from], [conversationId, range.to], true, true).count()
	]);
	return sent + received;
}
