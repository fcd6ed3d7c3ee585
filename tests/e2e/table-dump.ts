import type { Page } from '@playwright/test';

// Shared by the backup and transfer specs: every table of a page's database, and the form in
// which a restored copy must equal the original.

export type Dump = Record<string, unknown[]>;

export function dumpTables(page: Page): Promise<Dump> {
	return page.evaluate(() => (globalThis as unknown as { __parley: { dumpTables(): Promise<Dump> } }).__parley.dumpTables());
}

/**
 * What must survive a restore: every table but the search index (rebuilt), with chunks joined
 * per file (the restore may group chunks into pieces differently) and send counters moved on.
 */
export function comparable(dump: Dump, jump: number): Dump {
	const out: Dump = { ...dump };
	delete out.searchIndex;
	const bump = (rows: unknown[]) => rows.map((row) => ({ ...(row as object), lastSentSeq: ((row as { lastSentSeq?: number }).lastSentSeq ?? 0) + jump }));
	out.users = bump(dump.users ?? []);
	out.groups = bump(dump.groups ?? []);
	const chunks = new Map<string, { index: number; data: string }[]>();
	for (const row of (dump.fileChunks ?? []) as { hash: string; index: number; data: string }[]) chunks.set(row.hash, [...(chunks.get(row.hash) ?? []), row]);
	out.fileChunks = [...chunks.entries()].sort().map(([hash, rows]) => ({ hash, data: rows.sort((a, b) => a.index - b.index).map((row) => row.data.slice(5)).join('') }));
	return out;
}
