import { foldDigits } from './digit-fold';
import { addCounts, emptyCounts, placeholder, type PiiCounts } from './kinds';
import { ADDRESS_RULES } from './address-rules';
import { ID_RULES } from './id-rules';
import { knownPeopleRules, type KnownPeople } from './known-names';
import { EMAIL_RULES } from './email-rules';
import { IP_RULES, URL_RULES } from './network-rules';
import type { PersonFinder } from './person-finder';
import { PERSON_RULES } from './person-rules';
import { PHONE_RULES } from './phone-rules';
import type { NameSpan } from './script-text';
import { applyRule, type ScrubRule } from './rule';

/** Longer text is cut here before scrubbing (a message holds at most 8,000): bounds every pass. */
export const MAX_SCRUB_CHARS = 16_384;
export const TRUNCATED_MARK = '[TRUNCATED]';

export interface ScrubContext extends KnownPeople {
	/** The NLP name finder (`loadPersonFinder`); absent: known names, titles and patterns only. */
	findPersons?: PersonFinder;
}

export interface ScrubResult {
	text: string;
	found: PiiCounts;
}

/**
 * Order matters: ids and e-mails before links (a contact link or an e-mail's domain is not just a
 * URL), links and addresses of machines before phones (digits in them are not phone numbers),
 * phones before street addresses (a house number is not a phone, but a phone is never a house
 * number), names last, on text whose structured parts are already placeholders.
 */
const PATTERN_RULES: readonly ScrubRule[] = [...ID_RULES, ...EMAIL_RULES, ...URL_RULES, ...IP_RULES, ...PHONE_RULES, ...ADDRESS_RULES];
const HANDLE_RULE: ScrubRule = { kind: 'HANDLE', pattern: /(?<![\p{L}\p{N}_.@])@[\p{L}\p{N}_][\p{L}\p{N}_.-]{1,31}(?<![.-])/gu };
/** Zero-width and bidi control characters: typed inside "ali\u200bce@example.com" to dodge filters. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/gu;
const PERSON_RUN = /\[PERSON\](?:[ \t'’-]{1,3}\[PERSON\]){1,8}/gu;

const knownRules = new WeakMap<KnownPeople, ScrubRule[]>();

export function scrubText(input: string, context: ScrubContext = {}): ScrubResult {
	const found = emptyCounts();
	let text = normalize(input);
	for (const rule of PATTERN_RULES) text = run(text, rule, found, foldDigits(text));
	const personsBefore = countPersons(text);
	for (const rule of rulesFor(context)) text = run(text, rule, found);
	text = run(text, HANDLE_RULE, found);
	for (const rule of PERSON_RULES) text = run(text, rule, found);
	if (context.findPersons) text = replaceWords(text, context.findPersons(text));
	text = text.replace(PERSON_RUN, placeholder('PERSON'));
	found.PERSON = Math.max(0, countPersons(text) - personsBefore);
	if (input.length > MAX_SCRUB_CHARS) text += ` ${TRUNCATED_MARK}`;
	return { text, found };
}

/** Sums what a batch of texts had scrubbed, for a data card or a preview. */
export function sumFound(results: readonly ScrubResult[]): PiiCounts {
	return results.reduce((sum, result) => addCounts(sum, result.found), emptyCounts());
}

function normalize(input: string): string {
	// NFKC folds full-width digits and letters ("０９０", "ｅｘａｍｐｌｅ") into what the patterns read.
	return input.slice(0, MAX_SCRUB_CHARS).replace(INVISIBLE, '').normalize('NFKC');
}

function run(text: string, rule: ScrubRule, found: PiiCounts, view = text): string {
	const pass = applyRule(text, rule, placeholder(rule.kind), view);
	if (rule.kind !== 'PERSON') found[rule.kind] += pass.count;
	return pass.text;
}

function rulesFor(context: ScrubContext): ScrubRule[] {
	let rules = knownRules.get(context);
	if (!rules) {
		rules = knownPeopleRules(context);
		knownRules.set(context, rules);
	}
	return rules;
}

/**
 * Spans (names in scripts that run words together) first, at the places found; then every place of
 * every found word. Places that overlap are joined into one name: finders can return both
 * "Jean-Baptiste Le" and "Le Gall", and replacing one then the other would leave "Le" between two
 * placeholders.
 */
function replaceWords(text: string, found: readonly (string | NameSpan)[]): string {
	const spans = found.filter((item): item is NameSpan => typeof item !== 'string').sort((a, b) => b.start - a.start);
	let end = text.length;
	for (const span of spans) {
		if (span.end > end || span.start >= span.end) continue;
		text = text.slice(0, span.start) + placeholder('PERSON') + text.slice(span.end);
		end = span.start;
	}
	const places = wordPlaces(text, found.filter((item): item is string => typeof item === 'string'));
	for (const [start, stop] of places.reverse()) text = text.slice(0, start) + placeholder('PERSON') + text.slice(stop);
	return text;
}

const WORD_BEFORE = /[\p{L}\p{N}_]$/u;
const WORD_AFTER = /^[\p{L}\p{N}_]/u;

/** Where the words stand as whole words, as [start, end) in text order, overlapping places joined. */
export function wordPlaces(text: string, words: readonly string[]): Array<[number, number]> {
	const places: Array<[number, number]> = [];
	for (const word of new Set(words)) {
		if (word.length === 0) continue;
		for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
			const stop = at + word.length;
			// Two code units each side: a letter outside the Basic Multilingual Plane is a surrogate pair.
			if (WORD_BEFORE.test(text.slice(Math.max(0, at - 2), at)) || WORD_AFTER.test(text.slice(stop, stop + 2))) continue;
			places.push([at, stop]);
		}
	}
	places.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
	const joined: Array<[number, number]> = [];
	for (const place of places) {
		const last = joined[joined.length - 1];
		if (last && place[0] < last[1]) last[1] = Math.max(last[1], place[1]);
		else joined.push([place[0], place[1]]);
	}
	return joined;
}

function countPersons(text: string): number {
	return text.split(placeholder('PERSON')).length - 1;
}
