import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPersonFinder } from '../../../src/lib/anonymize/person-finder';
import { scrubText } from '../../../src/lib/anonymize/scrub';
import { measure, percent, type CorpusLine, type Figures } from './pii-metrics';

const corpus: CorpusLine[] = readFileSync(new URL('../../fixtures/pii-corpus.jsonl', import.meta.url), 'utf8')
	.split('\n')
	.filter(Boolean)
	.map((line) => JSON.parse(line) as CorpusLine);

async function figures(split: CorpusLine['split'], part?: string): Promise<Figures> {
	const context = { findPersons: await loadPersonFinder() };
	const result = measure(
		corpus.filter((line) => line.split === split && (part === undefined || line.part === part)),
		(text) => scrubText(text, context)
	);
	const kinds = Object.entries(result.byKind)
		.map(([kind, ratio]) => `${kind} ${percent(ratio).toFixed(1)} % (${ratio.hit}/${ratio.total})`)
		.join(', ');
	console.log(
		`[pii ${part ?? split}] e-mails/phones/URLs/IPs removed ${percent(result.structured).toFixed(1)} %, names removed ${percent(result.byKind.PERSON ?? { hit: 0, total: 0 }).toFixed(1)} %, non-PII words kept ${percent(result.wordsKept).toFixed(1)} % | ${kinds}`
	);
	if (process.env.PII_MISSES) console.log(result.misses.join('\n'));
	return result;
}

describe('the scrubber on the labelled corpus (tests/fixtures/pii-corpus.jsonl)', () => {
	it('has several hundred lines in both halves', () => {
		expect(corpus.filter((line) => line.split === 'tune').length).toBeGreaterThan(250);
		for (const part of ['v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v10', 'v11', 'v12', 'v13', 'v14']) expect(corpus.filter((line) => line.split === 'holdout' && line.part === part).length).toBeGreaterThanOrEqual(300);
	});

	// Generous: the NLP tagger reads ~900 lines on a shared machine. Speed is measured in the bench.
	it('meets the targets on the part it was tuned on', { timeout: 120_000 }, async () => {
		const result = await figures('tune');
		expect(percent(result.structured)).toBeGreaterThanOrEqual(99);
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(95);
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(95);
	});

	// The held-out part measures, it is not a target to fit: these floors only catch a regression.
	// Its figures are reported in docs/DATASET.md.
	it('stays near the targets on the held-out part v2', { timeout: 120_000 }, async () => {
		const result = await figures('holdout', 'v2');
		expect(percent(result.structured)).toBeGreaterThanOrEqual(99);
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(90);
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(95);
	});

	// v3: names of many cultures, lower case, possessives, lists, nicknames, and hard negatives.
	it('stays near the targets on the held-out names part v3', { timeout: 120_000 }, async () => {
		const result = await figures('holdout', 'v3');
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(90);
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(95);
	});

	// v4: written after the name finder's changes, with new names, templates and clean lines.
	it('stays near the targets on the held-out names part v4', { timeout: 120_000 }, async () => {
		const result = await figures('holdout', 'v4');
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(90);
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(95);
	});

	// v5: written after the last change to the name finder, never looked at before its first run.
	it('stays near the targets on the held-out names part v5', { timeout: 120_000 }, async () => {
		const result = await figures('holdout', 'v5');
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(90);
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(95);
	});

	// v6 (session 14): other chat shapes (names alone, last, joined by "&" or "/", next to emojis,
	// initials) and words that are also names; written before the name finder's session-14 rules.
	it('stays near the targets on the held-out names part v6', { timeout: 120_000 }, async () => {
		const result = await figures('holdout', 'v6');
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(90);
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(95);
	});

	// v7 (session 14): written after the first session-14 rules, run once (91.3 %), then looked at.
	it('stays near the targets on the held-out names part v7', { timeout: 120_000 }, async () => {
		const result = await figures('holdout', 'v7');
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(90);
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(95);
	});

	// v8 (session 14): written after the second round of rules, never looked at before its first run,
	// which is the figure for unseen text in docs/DATASET.md: below both targets (85.6 % of names,
	// 94.3 % of other words kept; 85.0 % and 96.3 % after one change from its misses). These floors
	// only catch a regression from there.
	it('stays at its first-run figures on the held-out names part v8', { timeout: 120_000 }, async () => {
		const result = await figures('holdout', 'v8');
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(85);
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(94);
	});

	// v9 (session 14): written after the last change to the name finder and run once (92.9 % of
	// names, 97.6 % of other words kept): the figure for the final code on unseen text.
	it('stays near the targets on the held-out names part v9', { timeout: 120_000 }, async () => {
		const result = await figures('holdout', 'v9');
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(90);
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(95);
	});

	// v10 (session 15): written before session 15's changes to the name finder and run once (80.8 %
	// of names, 95.3 % of other words kept), then looked at: its later figures are optimistic.
	it('stays near the targets on the held-out names part v10', { timeout: 120_000 }, async () => {
		const result = await figures('holdout', 'v10');
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(90);
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(95);
	});

	// v11 (session 15): written after session 15's first round and run once (83.9 % of names, 97.2 %
	// of other words kept), then looked at for the second round. Its first-run names figure, rounded
	// down, is the floor: it only catches a regression.
	it('stays at its first-run figures on the held-out names part v11', { timeout: 120_000 }, async () => {
		const result = await figures('holdout', 'v11');
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(83);
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(95);
	});

	// v12 (session 15): written after the second round (from v11's misses) and run once (85.2 % of
	// names, 96.7 % of other words kept; session 14's finder 82.7 / 96.7): the figure for the final
	// code on unseen text, short of the names target. These floors only catch a regression.
	it('stays at its first-run figures on the held-out names part v12', { timeout: 120_000 }, async () => {
		const result = await figures('holdout', 'v12');
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(85);
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(95);
	});

	// v13 (session 16): written before session 16's changes to the name finder and run once on the
	// unchanged finder (73.5 % of names, 98.2 % of other words kept), then looked at: its later
	// figures are optimistic. The first-run names figure, rounded down, is the floor.
	it('stays near its figures on the held-out names part v13', { timeout: 120_000 }, async () => {
		const result = await figures('holdout', 'v13');
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(73);
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(95);
	});

	// v14 (session 16): written after session 16's last change to the name finder and run once (86.4 %
	// of names, 96.5 % of other words kept; session 15's finder 80.2 / 96.5): the figure for the final
	// code on unseen text, short of the names target. These floors only catch a regression.
	it('stays at its first-run figures on the held-out names part v14', { timeout: 120_000 }, async () => {
		const result = await figures('holdout', 'v14');
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(86);
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(95);
	});
});

// Session 16: names in other scripts and hyphenated romanised names (tests/fixtures/make-pii-scripts.mjs),
// written with the finders for them: part of the tuning split. Without those finders: 0 % of names.
describe('the scrubber on names in other scripts (part "scripts")', () => {
	it('meets the targets', { timeout: 120_000 }, async () => {
		const result = await figures('tune', 'scripts');
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(95);
		// Words are counted between spaces: a Chinese or Japanese sentence, or a Korean name with its
		// particle ("지훈이"), is one word, lost whole when the name in it is replaced. Hence below 95.
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(90);
	});
});

// Session 18: names of many cultures in chat positions (tests/fixtures/make-pii-s18-names.mjs), written
// in three batches, each before a round of rules: tuning material. Session 16's finder: 92.0 % / 96.9 %.
describe('the scrubber on names of many cultures in chat positions (part "s18names")', () => {
	it('meets the targets', { timeout: 120_000 }, async () => {
		const result = await figures('tune', 's18names');
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(95);
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(95);
	});
});

// Session 18: phones of some fifty countries, e-mails, links and IPs in chat forms, with hard
// negatives (tests/fixtures/make-pii-structured.mjs), written with the rules for them: part of the
// tuning split. With session 17's rules: 77.7 % removed.
describe('the scrubber on structured PII in many forms (part "structured")', () => {
	it('meets the targets', { timeout: 120_000 }, async () => {
		const result = await figures('tune', 'structured');
		expect(percent(result.structured)).toBeGreaterThanOrEqual(99);
		// Words are counted between spaces: a label glued to a number ("tel:+27", "电话：136…") or two
		// numbers joined by a comma are one word, lost with the number. Hence below 95.
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(90);
	});
});

// Session 19: brands, places, holidays and festivals, other languages' greetings and words, capitals,
// and people next to them (tests/fixtures/make-pii-s19-keep.mjs), written before the rules for them:
// tuning material. Session 18's finder: 87.0 % of names, 89.6 % of other words kept; with the keep-list
// (person-keep.ts): 93.0 % and 99.3 %. Names short of 95: word-names in lower case ("hope and faith").
describe('the scrubber on ordinary capitalised and foreign words (part "s19keep")', () => {
	it('keeps the words and finds most of the names', { timeout: 120_000 }, async () => {
		const result = await figures('tune', 's19keep');
		expect(percent(result.byKind.PERSON ?? { hit: 0, total: 1 })).toBeGreaterThanOrEqual(91);
		expect(percent(result.wordsKept)).toBeGreaterThanOrEqual(99);
	});
});
