import { readFileSync } from 'node:fs';
import { loadPersonFinder } from '../src/lib/anonymize/person-finder';
import { MAX_SCRUB_CHARS, scrubText, type ScrubContext } from '../src/lib/anonymize/scrub';
import type { BenchResults } from './results';

// Part `anonymize` (issue 14): the scrubber's throughput in Node over the labelled chat corpus,
// against a plain one-regex pass over the same lines (what any scrubber costs at least), with and
// without the NLP name finder; and the slowest of a set of adversarial inputs built to make
// backtracking patterns blow up, each as long as the scrubber accepts. A linear scrubber takes
// about as long on them as on ordinary text of the same length.

const TARGET_LINES_PER_S = 1000;
const TARGET_ADVERSARIAL_MS = 250;
const ROUNDS = 5;

const PLAIN = /[\w.+-]+@[\w-]+\.[\w.]+/g;

function corpusLines(): string[] {
	const lines = readFileSync(new URL('../tests/fixtures/pii-corpus.jsonl', import.meta.url), 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => (JSON.parse(line) as { text: string }).text);
	return [...lines, ...lines, ...lines];
}

/** Lines per second of `pass` over `lines`: the best of a few rounds, after a warm-up. */
function throughput(lines: readonly string[], pass: (text: string) => unknown): number {
	for (const line of lines.slice(0, 200)) pass(line);
	let best = Infinity;
	for (let round = 0; round < ROUNDS; round++) {
		const started = performance.now();
		for (const line of lines) pass(line);
		best = Math.min(best, performance.now() - started);
	}
	return lines.length / (best / 1000);
}

export function adversarialInputs(length = MAX_SCRUB_CHARS): Record<string, string> {
	const fill = (unit: string) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
	return {
		'dotted labels, no TLD': fill('a.'),
		'e-mail local part, no @': fill('a'),
		'at signs': fill('a@'),
		'digits and spaces': fill('1 '),
		'digits and dashes': fill('12-'),
		'colons and hex': fill('a:'),
		'plus signs and digits': fill('+1'),
		'house numbers and words': fill('12 Main '),
		'capitalised words': fill('Alpha '),
		'spelled-out at/dot': fill('x [at] y [dot] '),
		'base64 alphabet': fill('Ab1+'),
		'brackets and dots': fill('(1.')
	};
}

export async function runAnonymizeBench(results: BenchResults): Promise<void> {
	const lines = corpusLines();
	const withNames: ScrubContext = { findPersons: await loadPersonFinder(), names: ['Alice Smith', 'Bob Jones', 'Carol'] };
	const baseline = throughput(lines, (text) => text.replace(PLAIN, '[EMAIL]'));
	const patternsOnly = throughput(lines, (text) => scrubText(text));
	const full = throughput(lines, (text) => scrubText(text, withNames));
	console.log(`anonymize: ${lines.length} chat lines; one-regex pass ${baseline.toFixed(0)} lines/s, patterns ${patternsOnly.toFixed(0)} lines/s, patterns + names ${full.toFixed(0)} lines/s`);
	results.add({ name: 'scrubber throughput, patterns + NLP names (Node)', value: full, unit: 'lines/s', baseline, better: 'higher', target: TARGET_LINES_PER_S, note: `${lines.length} corpus lines; baseline: one e-mail regex pass` });
	results.add({ name: 'scrubber throughput, patterns only (Node)', value: patternsOnly, unit: 'lines/s', baseline, better: 'higher', note: 'no NLP name finder' });

	// The regexes and the NLP tagger apart: linear time is a property of the patterns; the tagger
	// is linear too but slower per word, and runs only in the export worker or the CLI.
	const bestOf = (run: () => unknown) => {
		let best = Infinity;
		for (let i = 0; i < 3; i++) {
			const started = performance.now();
			run();
			best = Math.min(best, performance.now() - started);
		}
		return best;
	};
	const ordinary = lines.join(' ').slice(0, MAX_SCRUB_CHARS);
	const worst = { patterns: { name: '', ms: 0 }, names: { name: '', ms: 0 } };
	for (const [name, text] of Object.entries(adversarialInputs())) {
		const patternsMs = bestOf(() => scrubText(text));
		const namesMs = bestOf(() => withNames.findPersons?.(text));
		console.log(`  adversarial ${name}: patterns ${patternsMs.toFixed(1)} ms, name finder ${namesMs.toFixed(1)} ms`);
		if (patternsMs > worst.patterns.ms) worst.patterns = { name, ms: patternsMs };
		if (namesMs > worst.names.ms) worst.names = { name, ms: namesMs };
	}
	results.add({
		name: `scrubber patterns, slowest adversarial ${MAX_SCRUB_CHARS}-char input`,
		value: worst.patterns.ms,
		unit: 'ms',
		baseline: bestOf(() => scrubText(ordinary)),
		target: TARGET_ADVERSARIAL_MS,
		note: `${worst.patterns.name}; baseline: ordinary chat text of the same length`
	});
	results.add({
		name: `NLP name finder, slowest adversarial ${MAX_SCRUB_CHARS}-char input`,
		value: worst.names.ms,
		unit: 'ms',
		baseline: bestOf(() => withNames.findPersons?.(ordinary)),
		note: `${worst.names.name}; baseline: ordinary chat text of the same length; a message holds at most 8,000 characters`
	});
}
