import { describe, expect, it } from 'vitest';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { createIdentityRow } from '../../../src/lib/db/identity-store';
import { EXPORT_PAGE_ROWS } from '../../../src/lib/db/dataset-queries';
import type { ReceivedRow, SentRow, UserRow } from '../../../src/lib/db/schema';
import { parseDatasetLine } from '../../../src/lib/anonymize/dataset-schema';
import { ExportService, PREVIEW_HEAD_CHARS, type ExportReply, type ExportRequest } from '../../../src/lib/anonymize/export-service';
import { DatasetExporter, ExportCancelled, type ExportWorkerLike } from '../../../src/lib/state/dataset-export';
import { newMessageId } from '../../../src/lib/ids/message-id';

const BOB = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const CAROL = 'cccccccccccccccccccccccccccccccccccccccccccccccccccc';
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1, 12);
let dbCounter = 0;

/** The worker, in process: the same ExportService the real worker runs, without the NLP engine. */
function fakeWorker(seen: ExportRequest[]): ExportWorkerLike & { terminated: boolean } {
	const listeners: ((event: MessageEvent<ExportReply>) => void)[] = [];
	const service = new ExportService((reply) => setTimeout(() => listeners.forEach((listen) => listen({ data: reply } as MessageEvent<ExportReply>))), async () => () => [], '14');
	let queue = Promise.resolve();
	const worker = {
		terminated: false,
		postMessage(message: ExportRequest) {
			seen.push(structuredClone(message));
			queue = queue.then(() => service.handle(structuredClone(message)));
		},
		addEventListener(type: string, listener: (event: MessageEvent<ExportReply>) => void) {
			if (type === 'message') listeners.push(listener);
		},
		terminate() {
			worker.terminated = true;
		}
	};
	return worker as ExportWorkerLike & { terminated: boolean };
}

function user(peerId: string, name: string, researchConsent: boolean): UserRow {
	return { peerId: peerId as UserRow['peerId'], name, state: 'contact', addedAt: 0, lastActivity: T0, researchConsent };
}

let seqs = 0;
function sent(conversationId: string, text: string, time: number, extra: Partial<SentRow> = {}): SentRow {
	return { id: newMessageId(time), conversationId, peerId: conversationId as SentRow['peerId'], seq: ++seqs, text, time, status: 'sent', ...extra };
}
function received(conversationId: string, text: string, time: number, extra: Partial<ReceivedRow> = {}): ReceivedRow {
	return { id: newMessageId(time), conversationId, peerId: conversationId as ReceivedRow['peerId'], seq: ++seqs, text, authoredAt: time, time, unread: 0, ...extra };
}

async function scene() {
	const db = new ChatDb(`dataset-export-${++dbCounter}`);
	await createIdentityRow(db, { publicKey: new Uint8Array(32), secretKey: new Uint8Array(64), displayName: 'Alice Moreau', createdAt: 0 });
	await db.users.bulkPut([user(BOB, 'Bob Stone', true), user(CAROL, 'Carol Reyes', false)]);
	await db.sender.bulkPut([
		sent(BOB, 'mail me at alice.m@example.org, Bob Stone', T0),
		sent(CAROL, 'hi Carol Reyes, call +44 20 7946 0958', T0 + 1000),
		sent(BOB, 'old news', T0 - 10 * DAY)
	]);
	await db.receiver.bulkPut([
		received(BOB, 'sure, my number is +1 415 555 0132', T0 + 60_000, { version: 1 }),
		received(CAROL, 'carol secret plan', T0 + 61_000),
		received(CAROL, 'carol second secret', T0 + 62_000)
	]);
	const seen: ExportRequest[] = [];
	const workers: ReturnType<typeof fakeWorker>[] = [];
	const exporter = new DatasetExporter(db, await loadSodium(), () => {
		const worker = fakeWorker(seen);
		workers.push(worker);
		return worker;
	});
	return { db, exporter, seen, workers };
}

const all = { conversations: null, from: null, to: null };

describe('the dataset export', () => {
	it('writes a header and one scrubbed line per conversation, every line valid, with no ids or names', async () => {
		const { exporter, workers } = await scene();
		const result = await exporter.run(all, () => {}, T0);
		const text = await result.blob.text();
		const lines = text.trim().split('\n');
		expect(lines).toHaveLength(3);
		for (const line of lines) expect(parseDatasetLine(line)).toMatchObject({ ok: true });
		expect(result.fileName).toBe('parley-dataset-2026-11-01.jsonl');
		expect(result.preview.map((line) => line.text)).toEqual(lines);
		for (const secret of [BOB, CAROL, 'Bob', 'Stone', 'Carol', 'Reyes', 'Alice', 'Moreau', 'alice.m@example.org', '415 555', '7946']) expect(text).not.toContain(secret);
		expect(text).toContain('[EMAIL]');
		expect(text).toContain('[PHONE]');
		expect(result.header.counts).toMatchObject({ conversations: 2, not_shared_turns: 1 });
		expect(result.scrubbed.EMAIL).toBe(1);
		expect(workers[0]?.terminated).toBe(true);
	});

	it('never sends the text of an author who did not agree to the worker, and marks an edit', async () => {
		const { exporter, seen } = await scene();
		const result = await exporter.run(all, () => {}, T0);
		const posted = JSON.stringify(seen);
		expect(posted).not.toContain('secret');
		expect(posted).not.toContain(CAROL);
		expect(posted).not.toContain(BOB);
		expect(await result.blob.text()).toContain('"edited":true');
	});

	it('includes an author once their profile said they agree', async () => {
		const { db, exporter } = await scene();
		await db.users.update(CAROL, { researchConsent: true });
		const text = await (await exporter.run(all, () => {}, T0)).blob.text();
		expect(text).toContain('carol second secret');
		expect(text).not.toContain('"source":"not_shared"');
	});

	it('keeps to the chosen conversations and dates', async () => {
		const { exporter } = await scene();
		const result = await exporter.run({ conversations: [BOB], from: T0 - DAY, to: T0 + DAY }, () => {}, T0);
		const text = await result.blob.text();
		expect(result.header.counts.conversations).toBe(1);
		expect(text).not.toContain('old news');
		expect(text).not.toContain('[not shared]');
	});

	it('reads a long conversation in pages and loses no message', async () => {
		const { db, exporter } = await scene();
		const many = Array.from({ length: EXPORT_PAGE_ROWS * 2 + 7 }, (_, i) => sent(BOB, `line ${i}`, T0 + 100_000 + i));
		await db.sender.bulkPut(many);
		const progress: number[] = [];
		const totals = new Set<number>();
		const result = await exporter.run({ conversations: [BOB], from: null, to: null }, (update) => (progress.push(update.messagesRead), totals.add(update.messagesTotal)), T0);
		const line = parseDatasetLine((await result.blob.text()).trim().split('\n')[1] ?? '');
		expect(line.ok && line.value.type === 'conversation' && line.value.turns.length).toBe(many.length + 3);
		expect(result.messages).toBe(many.length + 3);
		expect(progress.at(-1)).toBe(many.length + 3);
		expect([...totals]).toEqual([many.length + 3]);
		// Read a page at a time: the progress moved in steps of at most one page.
		expect(progress.length).toBeGreaterThanOrEqual(3);
	});

	it('previews only the start of a very long line; the file holds all of it', async () => {
		const { db, exporter } = await scene();
		await db.sender.bulkPut(Array.from({ length: 400 }, (_, i) => sent(BOB, `a longer line of chat number ${i}`, T0 + 200_000 + i)));
		const result = await exporter.run({ conversations: [BOB], from: null, to: null }, () => {}, T0);
		const [, line] = (await result.blob.text()).trim().split('\n');
		expect(line?.length).toBeGreaterThan(PREVIEW_HEAD_CHARS);
		expect(result.preview[1]).toEqual({ text: line?.slice(0, PREVIEW_HEAD_CHARS), chars: line?.length });
	});

	it('stops when cancelled and ends the worker', async () => {
		const { exporter, workers } = await scene();
		const running = exporter.run(all, () => exporter.cancel(), T0);
		await expect(running).rejects.toBeInstanceOf(ExportCancelled);
		expect(workers[0]?.terminated).toBe(true);
	});
});
