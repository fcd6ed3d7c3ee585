import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { attachmentType, buildConversationLine, finalText, sizeBucket, type ConversationInput, type MessageRecord } from '../../../src/lib/anonymize/conversation-line';
import { ConversationLineSchema, HeaderLineSchema, NOT_SHARED, parseDatasetLine } from '../../../src/lib/anonymize/dataset-schema';
import { buildHeaderLine } from '../../../src/lib/anonymize/header-line';
import { emptyCounts } from '../../../src/lib/anonymize/kinds';
import { scrubText } from '../../../src/lib/anonymize/scrub';

const ALICE = 'pabcdefghijklmnopqrstuvwxyz234567';
const BOB = 'pzyxwvutsrqponmlkjihgfedcba765432';
const T0 = Date.UTC(2026, 0, 5, 9, 0);

function input(messages: MessageRecord[], consenting: string[] = []): ConversationInput {
	return {
		index: 7,
		kind: 'direct',
		messages,
		consented: (author) => consenting.includes(author),
		label: (author) => (author === 'self' ? 'speaker_aaaa' : author === ALICE ? 'speaker_bbbb' : 'speaker_cccc'),
		scrub: (text) => scrubText(text, { names: ['Bob Jones'] })
	};
}

describe('buildConversationLine', () => {
	it('writes the exporter\'s own turns scrubbed, with labels and minutes since the first turn', () => {
		const built = buildConversationLine(input([{ author: 'self', time: T0 + 150_000, text: 'mail me at me@example.com, Bob Jones' }, { author: 'self', time: T0, text: 'hi' }]));
		expect(built?.line).toEqual({
			type: 'conversation',
			id: 'conversation_7',
			kind: 'direct',
			speakers: ['speaker_aaaa'],
			turns: [
				{ speaker: 'speaker_aaaa', minute: 0, text: 'hi', source: 'typed' },
				{ speaker: 'speaker_aaaa', minute: 2, text: 'mail me at [EMAIL], [PERSON]', source: 'typed' }
			]
		});
		expect(built?.found).toMatchObject({ EMAIL: 1, PERSON: 1 });
	});

	it('includes the text of authors who agreed and never the text of those who did not', () => {
		const messages: MessageRecord[] = [
			{ author: 'self', time: T0, text: 'hello' },
			{ author: BOB, time: T0 + 1000, text: 'secret one', attachment: { mime: 'image/png', bytes: 5 } },
			{ author: BOB, time: T0 + 2000, text: 'secret two', edits: [{ version: 2, text: 'secret three' }] },
			{ author: ALICE, time: T0 + 3000, text: 'alice agreed' }
		];
		const built = buildConversationLine(input(messages, [ALICE]));
		const json = JSON.stringify(built?.line);
		expect(json).not.toContain('secret');
		expect(json).toContain('alice agreed');
		// A run of one person's unshared messages is one placeholder turn: their count is not told.
		expect(built?.line.turns.filter((turn) => turn.text === NOT_SHARED)).toEqual([{ speaker: 'speaker_cccc', minute: 0, text: NOT_SHARED, source: 'not_shared' }]);
		expect(built?.notSharedTurns).toBe(1);
		expect(built?.sharedTurns).toBe(2);
	});

	it('is nothing when only non-consenting authors wrote', () => {
		expect(buildConversationLine(input([{ author: BOB, time: T0, text: 'x' }]))).toBeNull();
	});

	it('resolves edits to the latest version, marks voice transcripts and drops deleted messages', () => {
		const built = buildConversationLine(
			input([
				{ author: 'self', time: T0, text: 'first', edits: [{ version: 3, text: 'third' }, { version: 2, text: 'second' }] },
				{ author: 'self', time: T0 + 1, text: '', voiceTranscript: 'spoken words', attachment: { mime: 'audio/ogg', bytes: 48_000 } },
				{ author: 'self', time: T0 + 2, text: 'gone', deleted: true }
			])
		);
		expect(built?.line.turns).toEqual([
			{ speaker: 'speaker_aaaa', minute: 0, text: 'third', source: 'typed', edited: true },
			{ speaker: 'speaker_aaaa', minute: 0, text: 'spoken words', source: 'voice', attachments: [{ type: 'audio', size: '10KB-100KB' }] }
		]);
	});

	it('describes attachments by type and size bucket only', () => {
		expect(attachmentType('image/jpeg')).toBe('image');
		expect(attachmentType('application/pdf')).toBe('document');
		expect(attachmentType('application/zip')).toBe('archive');
		expect(attachmentType('application/octet-stream')).toBe('other');
		expect([0, 9_999, 10_000, 999_999, 1_000_000, 50_000_000, 2e9].map(sizeBucket)).toEqual(['<10KB', '<10KB', '10KB-100KB', '100KB-1MB', '1MB-10MB', '10MB-100MB', '>=100MB']);
	});

	it('keeps the text of a message without edits', () => {
		expect(finalText({ author: 'self', time: 0, text: 'as sent' })).toBe('as sent');
	});
});

describe('dataset lines against the schema', () => {
	it('accepts every line the builders write', () => {
		const built = buildConversationLine(input([{ author: 'self', time: T0, text: 'hi', attachment: { mime: 'video/mp4', bytes: 2e7 } }, { author: BOB, time: T0 + 9e5, text: 'no' }]));
		expect(v.safeParse(ConversationLineSchema, built?.line).success).toBe(true);
		const header = buildHeaderLine(new Date(T0 + 5 * 3600_000), { conversations: 1, turns: 2, sharedTurns: 1, notSharedTurns: 1, speakers: 2 }, emptyCounts(), '14.17.0');
		expect(header.exported).toBe('2026-01-05');
		expect(v.safeParse(HeaderLineSchema, header).success).toBe(true);
		expect(parseDatasetLine(JSON.stringify(header)).ok).toBe(true);
	});

	it('refuses lines with extra fields, raw ids, bad labels or unshared text', () => {
		const good = { type: 'conversation', id: 'conversation_1', kind: 'group', speakers: ['speaker_abcd'], turns: [{ speaker: 'speaker_abcd', minute: 0, text: 'x', source: 'typed' }] };
		expect(parseDatasetLine(JSON.stringify(good)).ok).toBe(true);
		const bad = [
			{ ...good, peerId: ALICE },
			{ ...good, speakers: [ALICE] },
			{ ...good, turns: [{ speaker: 'speaker_abcd', minute: 0, text: 'x', source: 'typed', time: T0 }] },
			{ ...good, turns: [{ speaker: 'speaker_abcd', minute: 0, text: 'leaked', source: 'not_shared' }] },
			{ ...good, turns: [{ speaker: 'speaker_abcd', minute: -1, text: 'x', source: 'typed' }] },
			{ ...good, turns: [] }
		];
		for (const line of bad) expect(parseDatasetLine(JSON.stringify(line)).ok, JSON.stringify(line)).toBe(false);
		expect(parseDatasetLine('{not json')).toEqual({ ok: false, reason: 'not JSON' });
	});
});
