import type { ScrubResult } from '../../../src/lib/anonymize/scrub';

/** One labelled line of tests/fixtures/pii-corpus.jsonl. */
export interface CorpusLine {
	split: 'tune' | 'holdout';
	/** Which set the line was written in: `tune`, `v1` (tuning material now), `v2`, `v3`… */
	part: string;
	text: string;
	pii: { kind: string; value: string }[];
}

export interface Figures {
	/** E-mails, phones, URLs and IPs removed, of those labelled. */
	structured: Ratio;
	byKind: Record<string, Ratio>;
	/** Words outside any labelled PII that are still in the output. */
	wordsKept: Ratio;
	misses: string[];
}

export interface Ratio {
	hit: number;
	total: number;
}

const STREET_WORDS = new Set(['street', 'road', 'avenue', 'boulevard', 'drive', 'way', 'rue', 'calle', 'via', 'rua', 'avenida', 'corso', 'des', 'de', 'del']);

export function measure(lines: readonly CorpusLine[], scrub: (text: string) => ScrubResult): Figures {
	const byKind: Record<string, Ratio> = {};
	const structured: Ratio = { hit: 0, total: 0 };
	const wordsKept: Ratio = { hit: 0, total: 0 };
	const misses: string[] = [];
	for (const line of lines) {
		const output = scrub(line.text).text;
		for (const { kind, value } of line.pii) {
			const ratio = (byKind[kind] ??= { hit: 0, total: 0 });
			const removed = isRemoved(kind, value, output);
			ratio.total++;
			if (removed) ratio.hit++;
			if (['EMAIL', 'PHONE', 'URL', 'IP'].includes(kind)) {
				structured.total++;
				if (removed) structured.hit++;
			}
			if (!removed) misses.push(`${kind} ${JSON.stringify(value)} in ${JSON.stringify(output)}`);
		}
		const kept = wordsOf(output);
		for (const word of wordsOf(line.text)) {
			// "Amara's" is the name "Amara" and a possessive ending; "Tendai/Rudo" and "Haruto-kun" hold names.
			const isPii = (piece: string) => line.pii.some((pii) => pii.value.includes(piece.replace(/['’]s$/u, '')));
			if (isPii(word) || word.split(/[/-]/u).some((piece) => piece.length >= 2 && line.pii.some((pii) => pii.value.split(/\s+/u).includes(piece)))) continue;
			wordsKept.total++;
			const at = kept.indexOf(word);
			if (at >= 0) {
				wordsKept.hit++;
				kept.splice(at, 1);
			} else misses.push(`KEPT ${JSON.stringify(word)} in ${JSON.stringify(output)}`);
		}
	}
	return { structured, byKind, wordsKept, misses };
}

export function percent(ratio: Ratio): number {
	return ratio.total === 0 ? 100 : (100 * ratio.hit) / ratio.total;
}

function wordsOf(text: string): string[] {
	return text
		.split(/\s+/)
		.map((word) => word.replace(/^[^\p{L}\p{N}$€£¥#]+|[^\p{L}\p{N}%]+$/gu, ''))
		.filter((word) => word !== '');
}

function isRemoved(kind: string, value: string, output: string): boolean {
	if (output.includes(value)) return false;
	const present = (piece: string) => new RegExp(`(?<![\\p{L}\\p{N}])${piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(output);
	switch (kind) {
		case 'PERSON':
			// An initial ("J." in "J. Okafor") identifies nobody on its own.
			return value.split(/[\s-]+/).every((part) => part.replace(/\.$/u, '').length < 2 || !present(part));
		case 'EMAIL':
			return !value.split('@').some((part) => output.includes(part));
		case 'URL':
			return !output.includes(value.replace(/^[a-z]+:\/\//, '').split(/[/?#:]/)[0] ?? value);
		case 'IP':
			return !output.includes(value.replace(/^\[|\](:\d+)?$|\/\d+$/g, '').replace(/:\d+$/, (port) => (value.includes('.') ? '' : port)));
		case 'PHONE': {
			const runs = output.match(/\d+/g) ?? [];
			return !value.split(/\D+/).some((group) => group.length >= 4 && runs.some((run) => run.includes(group)));
		}
		case 'ADDRESS':
			return !value.split(/[\s,]+/).some((part) => /^\p{L}{4,}$/u.test(part) && !STREET_WORDS.has(part.toLowerCase()) && present(part));
		default:
			return true;
	}
}
