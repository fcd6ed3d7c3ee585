import * as v from 'valibot';
import { PII_KINDS } from './kinds';
import { MAX_SCRUB_CHARS } from './scrub';

/**
 * The dataset's lines (docs/DATASET.md). Every line an export writes is checked against these
 * before it is written, and a developer can check a downloaded file with the same schema.
 */
export const DATASET_SCHEMA_VERSION = 'parley-dataset/1';
export const NOT_SHARED = '[not shared]';

const MAX_TURNS = 100_000;
const MAX_SPEAKERS = 1_000;
const SPEAKER = v.pipe(v.string(), v.regex(/^speaker_[0-9a-f]{4,32}$/, 'not a speaker label'));
const COUNT = v.pipe(v.number(), v.integer(), v.minValue(0));

export const SIZE_BUCKETS = ['<10KB', '10KB-100KB', '100KB-1MB', '1MB-10MB', '10MB-100MB', '>=100MB'] as const;
export const ATTACHMENT_TYPES = ['image', 'audio', 'video', 'document', 'archive', 'other'] as const;

const AttachmentSchema = v.strictObject({ type: v.picklist(ATTACHMENT_TYPES), size: v.picklist(SIZE_BUCKETS) });

const SharedTurnSchema = v.strictObject({
	speaker: SPEAKER,
	/** Minutes since the conversation's first turn in this export, rounded down. */
	minute: COUNT,
	text: v.pipe(v.string(), v.maxLength(MAX_SCRUB_CHARS + 32)),
	source: v.picklist(['typed', 'voice']),
	edited: v.optional(v.literal(true)),
	attachments: v.optional(v.pipe(v.array(AttachmentSchema), v.maxLength(16)))
});

const NotSharedTurnSchema = v.strictObject({
	speaker: SPEAKER,
	minute: COUNT,
	text: v.literal(NOT_SHARED),
	source: v.literal('not_shared')
});

export const TurnSchema = v.union([SharedTurnSchema, NotSharedTurnSchema]);

export const ConversationLineSchema = v.strictObject({
	type: v.literal('conversation'),
	id: v.pipe(v.string(), v.regex(/^conversation_\d{1,9}$/, 'not a conversation id')),
	kind: v.picklist(['direct', 'group']),
	speakers: v.pipe(v.array(SPEAKER), v.minLength(1), v.maxLength(MAX_SPEAKERS)),
	turns: v.pipe(v.array(TurnSchema), v.minLength(1), v.maxLength(MAX_TURNS))
});

const ScrubCountsSchema = v.strictObject(Object.fromEntries(PII_KINDS.map((kind) => [kind, COUNT])) as Record<(typeof PII_KINDS)[number], typeof COUNT>);

export const HeaderLineSchema = v.strictObject({
	type: v.literal('header'),
	schema: v.literal(DATASET_SCHEMA_VERSION),
	/** The day of the export, UTC: no finer, it would help link the file to a device's activity. */
	exported: v.pipe(v.string(), v.isoDate()),
	counts: v.strictObject({ conversations: COUNT, turns: COUNT, shared_turns: COUNT, not_shared_turns: COUNT, speakers: COUNT }),
	scrubbed: ScrubCountsSchema,
	method: v.strictObject({
		scrubber: v.string(),
		names: v.string(),
		pseudonyms: v.string(),
		timing: v.string()
	}),
	limits: v.pipe(v.array(v.pipe(v.string(), v.maxLength(500))), v.maxLength(32))
});

export type Turn = v.InferOutput<typeof TurnSchema>;
export type ConversationLine = v.InferOutput<typeof ConversationLineSchema>;
export type HeaderLine = v.InferOutput<typeof HeaderLineSchema>;
export type Attachment = v.InferOutput<typeof AttachmentSchema>;

export const DatasetLineSchema = v.variant('type', [HeaderLineSchema, ConversationLineSchema]);

/** Parses one line of a dataset file: the line's value, or why it is not one. */
export function parseDatasetLine(line: string): { ok: true; value: HeaderLine | ConversationLine } | { ok: false; reason: string } {
	let json: unknown;
	try {
		json = JSON.parse(line);
	} catch {
		return { ok: false, reason: 'not JSON' };
	}
	const result = v.safeParse(DatasetLineSchema, json);
	return result.success ? { ok: true, value: result.output } : { ok: false, reason: result.issues[0].message };
}
