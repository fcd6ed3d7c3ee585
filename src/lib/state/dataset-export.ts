import type { ExportReply, ExportRequest, ExportRecord } from '../anonymize/export-service';
import type { HeaderLine } from '../anonymize/dataset-schema';
import { Pseudonyms } from '../anonymize/pseudonyms';
import { emptyCounts, addCounts, type PiiCounts } from '../anonymize/kinds';
import type { Sodium } from '../crypto/sodium';
import type { ChatDb } from '../db/chat-db';
import { countMessages, exportableConversations, exportPage, exportPeople, type ExportableConversation } from '../db/dataset-queries';

export interface ExportOptions {
	/** Conversation ids to include; null: all. */
	conversations: readonly string[] | null;
	/** Inclusive local-time range, ms; null ends: unbounded. */
	from: number | null;
	to: number | null;
}

export interface ExportProgress {
	conversationsDone: number;
	conversationsTotal: number;
	messagesRead: number;
	/** Messages in the chosen conversations and dates, counted before reading. */
	messagesTotal: number;
}

/** A finished export: the file, the first lines exactly as written, and the counts. */
export interface ExportResult {
	blob: Blob;
	fileName: string;
	/** The header and the first conversation lines, each cut at PREVIEW_HEAD_CHARS. */
	preview: { text: string; chars: number }[];
	header: HeaderLine;
	messages: number;
	scrubbed: PiiCounts;
}

/** The part of a Worker the exporter uses; tests pass an in-process stand-in. */
export interface ExportWorkerLike {
	postMessage(message: ExportRequest): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<ExportReply>) => void): void;
	addEventListener(type: 'error', listener: (event: Event) => void): void;
	terminate(): void;
}

export const PREVIEW_CONVERSATIONS = 3;

export function createExportWorker(): ExportWorkerLike {
	return new Worker(new URL('../anonymize/export-worker.ts', import.meta.url), { type: 'module', name: 'parley-export' }) as unknown as ExportWorkerLike;
}

export class ExportCancelled extends Error {
	constructor() {
		super('export cancelled');
	}
}

/**
 * The page side of the dataset export (docs/DATASET.md, "The export pipeline"): reads the chosen
 * conversations from storage a page at a time, turns peer ids into speaker labels (the key never
 * leaves this object, peer ids never reach the worker), drops the text of authors who did not agree
 * before it is sent anywhere, and streams the rest to the worker, one conversation in flight.
 */
export class DatasetExporter {
	#cancel: (() => void) | null = null;

	constructor(
		private readonly db: ChatDb,
		private readonly sodium: Sodium,
		private readonly makeWorker: () => ExportWorkerLike = createExportWorker
	) {}

	conversations(): Promise<ExportableConversation[]> {
		return exportableConversations(this.db);
	}

	/** Stops a running export: the worker is ended and `run` rejects with ExportCancelled. */
	cancel(): void {
		this.#cancel?.();
	}

	async run(options: ExportOptions, onProgress: (progress: ExportProgress) => void, now = Date.now()): Promise<ExportResult> {
		const all = await exportableConversations(this.db);
		const chosen = options.conversations ? all.filter((conversation) => options.conversations?.includes(conversation.id)) : all;
		const people = await exportPeople(this.db);
		const pseudonyms = new Pseudonyms(this.sodium);
		const worker = this.makeWorker();
		const replies: ExportReply[] = [];
		let wake: (() => void) | null = null;
		let failure: Error | null = null;
		const fail = (error: Error) => {
			failure ??= error;
			wake?.();
		};
		this.#cancel = () => fail(new ExportCancelled());
		worker.addEventListener('message', (event) => {
			replies.push(event.data);
			wake?.();
		});
		worker.addEventListener('error', () => fail(new Error('the export worker failed')));
		const next = async (): Promise<ExportReply> => {
			while (replies.length === 0) {
				if (failure) throw failure;
				await new Promise<void>((resolve) => (wake = resolve));
				wake = null;
			}
			if (failure) throw failure;
			const reply = replies.shift() as ExportReply;
			if (reply.type === 'error') throw new Error(reply.message);
			return reply;
		};
		try {
			worker.postMessage({ type: 'start', names: people.names, handles: people.handles, selfLabel: pseudonyms.label('self'), nlp: true });
			await next();
			const lines: { text: string; chars: number }[] = [];
			const parts: Blob[] = [];
			const scrubbed = emptyCounts();
			let messagesRead = 0;
			const range = { from: options.from ?? 0, to: options.to ?? Number.MAX_SAFE_INTEGER };
			let messagesTotal = 0;
			for (const conversation of chosen) messagesTotal += await countMessages(this.db, conversation.id, range);
			for (const [done, conversation] of chosen.entries()) {
				onProgress({ conversationsDone: done, conversationsTotal: chosen.length, messagesRead, messagesTotal });
				const consented = new Set<string>();
				let after: { time: number; id: string } | null = null;
				do {
					const page = await exportPage(this.db, conversation.id, range, after);
					if (failure) throw failure;
					const records = page.messages.map((message): ExportRecord => {
						const label = message.author === 'self' ? 'self' : pseudonyms.label(message.author);
						const agreed = message.author === 'self' || people.consented.has(message.author);
						if (agreed && message.author !== 'self') consented.add(label);
						// Without consent nothing of the message is sent on: only who and when.
						if (!agreed) return { author: label, time: message.time, text: '', ...(message.deleted ? { deleted: true } : {}) };
						return {
							author: label,
							time: message.time,
							text: message.text,
							...(message.deleted ? { deleted: true } : {}),
							...(message.edited ? { edits: [{ version: 1, text: message.text }] } : {}),
							...(message.transcript !== undefined ? { voiceTranscript: message.transcript } : {}),
							...(message.attachment ? { attachment: message.attachment } : {})
						};
					});
					messagesRead += records.length;
					onProgress({ conversationsDone: done, conversationsTotal: chosen.length, messagesRead, messagesTotal });
					worker.postMessage({ type: 'records', records });
					after = page.next;
				} while (after);
				worker.postMessage({ type: 'end-conversation', kind: conversation.kind, consented: [...consented] });
				const reply = await next();
				if (reply.type === 'conversation' && reply.bytes !== null) {
					if (lines.length < PREVIEW_CONVERSATIONS) lines.push({ text: reply.head, chars: reply.chars });
					parts.push(new Blob([reply.bytes as Uint8Array<ArrayBuffer>]));
					addCounts(scrubbed, reply.found);
				}
			}
			onProgress({ conversationsDone: chosen.length, conversationsTotal: chosen.length, messagesRead, messagesTotal });
			worker.postMessage({ type: 'finish', now });
			const header = await next();
			if (header.type !== 'header') throw new Error('the export worker answered out of order');
			const day = new Date(now).toISOString().slice(0, 10);
			return {
				blob: new Blob([header.line, '\n', ...parts], { type: 'application/x-ndjson' }),
				fileName: `parley-dataset-${day}.jsonl`,
				preview: [{ text: header.line, chars: header.line.length }, ...lines],
				header: header.header,
				messages: messagesRead,
				scrubbed
			};
		} finally {
			worker.terminate();
			this.#cancel = null;
		}
	}
}
