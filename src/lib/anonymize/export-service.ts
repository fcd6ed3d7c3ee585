import { buildConversationLine, type MessageRecord } from './conversation-line';
import { ConversationLineSchema, type HeaderLine } from './dataset-schema';
import { buildHeaderLine } from './header-line';
import { addCounts, emptyCounts, type PiiCounts } from './kinds';
import type { PersonFinder } from './person-finder';
import { scrubText, type ScrubContext } from './scrub';
import * as v from 'valibot';

/**
 * The export worker's work (docs/DATASET.md, "The export pipeline"): the page streams one
 * conversation at a time as plain records whose authors are already speaker labels (peer ids never
 * reach the worker), and the worker answers each with its scrubbed, schema-checked JSON line. The
 * page waits for that answer before it reads the next conversation, so at most one conversation's
 * records are held at once. Tested in Node; export-worker.ts is only the postMessage glue.
 */

/** A message as the page sends it: `author` is the speaker label, or 'self' for the exporter. */
export type ExportRecord = MessageRecord;

export type ExportRequest =
	| { type: 'start'; names: string[]; handles: string[]; selfLabel: string; nlp: boolean }
	| { type: 'records'; records: ExportRecord[] }
	| { type: 'end-conversation'; kind: 'direct' | 'group'; consented: string[] }
	| { type: 'finish'; now: number };

export type ExportReply =
	| { type: 'ready' }
	/**
	 * `bytes`: the line as UTF-8, transferred (not copied) to the page, which never decodes it
	 * whole: a 100k-turn conversation is one line of megabytes. `head`: its start, for the preview.
	 */
	| { type: 'conversation'; bytes: Uint8Array | null; head: string; chars: number; messages: number; found: PiiCounts }
	| { type: 'header'; line: string; header: HeaderLine }
	| { type: 'error'; message: string };

/** Characters of each line the preview shows. */
export const PREVIEW_HEAD_CHARS = 6000;

/** Records one conversation may hold: a conversation past this is cut to its newest. */
export const MAX_CONVERSATION_RECORDS = 100_000;

export class ExportService {
	#context: ScrubContext = {};
	#selfLabel = 'speaker_0000';
	#records: ExportRecord[] = [];
	#index = 0;
	#found = emptyCounts();
	#speakers = new Set<string>();
	#counts = { conversations: 0, turns: 0, sharedTurns: 0, notSharedTurns: 0 };

	constructor(
		private readonly reply: (reply: ExportReply) => void,
		private readonly loadFinder: () => Promise<PersonFinder>,
		private readonly nlpVersion: string
	) {}

	async handle(request: ExportRequest): Promise<void> {
		try {
			switch (request.type) {
				case 'start':
					this.#context = { names: request.names, handles: request.handles, ...(request.nlp ? { findPersons: await this.loadFinder() } : {}) };
					this.#selfLabel = request.selfLabel;
					this.reply({ type: 'ready' });
					return;
				case 'records':
					for (const record of request.records) {
						if (this.#records.length >= MAX_CONVERSATION_RECORDS) this.#records.shift();
						this.#records.push(record);
					}
					return;
				case 'end-conversation':
					this.#endConversation(request.kind, new Set(request.consented));
					return;
				case 'finish': {
					const header = buildHeaderLine(new Date(request.now), { ...this.#counts, speakers: this.#speakers.size }, this.#found, this.nlpVersion);
					this.reply({ type: 'header', line: JSON.stringify(header), header });
					return;
				}
			}
		} catch (error) {
			this.reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
		}
	}

	#endConversation(kind: 'direct' | 'group', consented: ReadonlySet<string>): void {
		const records = this.#records;
		this.#records = [];
		const built = buildConversationLine({
			index: this.#index + 1,
			kind,
			messages: records,
			consented: (author) => consented.has(author),
			label: (author) => (author === 'self' ? this.#selfLabel : author),
			scrub: (text) => scrubText(text, this.#context)
		});
		// Every line is checked against the documented schema before it is written.
		if (!built || !v.safeParse(ConversationLineSchema, built.line).success) {
			this.reply({ type: 'conversation', bytes: null, head: '', chars: 0, messages: records.length, found: emptyCounts() });
			return;
		}
		this.#index++;
		this.#counts.conversations++;
		this.#counts.turns += built.line.turns.length;
		this.#counts.sharedTurns += built.sharedTurns;
		this.#counts.notSharedTurns += built.notSharedTurns;
		for (const speaker of built.line.speakers) this.#speakers.add(speaker);
		addCounts(this.#found, built.found);
		const line = JSON.stringify(built.line);
		this.reply({ type: 'conversation', bytes: new TextEncoder().encode(`${line}\n`), head: line.slice(0, PREVIEW_HEAD_CHARS), chars: line.length, messages: records.length, found: built.found });
	}
}
