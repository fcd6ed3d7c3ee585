import { ADDRESS_BEFORE, GREETINGS, HONORIFIC_AFTER } from './person-cues';
import { EVERYDAY_WORDS, FOREIGN_WORDS, KEPT_PHRASES, KEPT_WORDS, LOWER_PLACE_HEADS, PLACE_HEADS } from './ordinary-proper-words';
import { bare, joined, sameCase, type Term } from './person-shapes';

/**
 * Session 19 (issue 14): words the name finder took for people that name a brand, a company, a
 * place, a holiday, or are another language's everyday words (`ordinary-proper-words.ts`). The
 * finder's other rules run first; this says which of the words they found to keep after all.
 * A kept word that is also someone's name in a name list ("Salvador", "Kenya", "Nada") is still
 * a person in a clear cue: a title before it ("Mr Costa"), a verb of saying after it ("Salvador
 * said"), a greeting or a verb whose object is someone before it ("with Kenya", "hi Nada"), or a
 * name beside it ("João Costa").
 */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const KEPT = new Set(KEPT_WORDS.map(fold));
const FOREIGN = new Set(FOREIGN_WORDS.map(fold));
const HEADS = new Set(PLACE_HEADS);
const LOWER_HEADS = new Set(LOWER_PLACE_HEADS);
/** Phrases by their first word; each as its folded words. */
const PHRASES = new Map<string, string[][]>();
for (const phrase of KEPT_PHRASES) {
	const parts = fold(phrase).replace(/['’]/gu, '').split(/[\s-]+/u);
	const first = parts[0] ?? '';
	PHRASES.set(first, [...(PHRASES.get(first) ?? []), parts]);
}
const TITLES = ADDRESS_BEFORE;
// Not "says": apps and shops say things too ("Klarna says 4 payments", "Google Maps says 25 min").
const SPEAKING_AFTER = new Set('said told asked texted wrote replied mentioned'.split(' '));
const SAYING_AFTER = new Set([...SPEAKING_AFTER, ...'says called thinks thought wants needs loves likes knows'.split(' ')]);
/** After a name as South Asian and African chat writes it: "Annapurna aunty", "Kenya sis". */
const RELATION_AFTER = new Set('aunty auntie aunt uncle sis bro mama baba'.split(' '));
/** What only people are: "Kenya is coming", "Salvador is late", "Costa was sick". */
const PERSON_STATE = new Set('coming late sick asleep awake busy tired pregnant married engaged typing sleeping cooking driving calling crying laughing joking'.split(' '));
/** Before a word that is someone: "with Kenya", "ask Salvador", "hi Nada". */
const PERSON_BEFORE = new Set('with w ask asked tell told met meet call called text texted message messaged invite invited miss love dear'.split(' '));

/** Lower-case everyday words of chat that the dictionaries lack ("app", "biryani", "matatu"): words, never a name by shape. */
export const everydayWords = (): readonly string[] => EVERYDAY_WORDS;

/** A brand, place, holiday or foreign word of the keep-list, alone ("adidas", "lagos"). */
export function isKeptWord(lower: string): boolean {
	return KEPT.has(fold(lower));
}

/** The word as the lists hold it: folded, without a possessive ending or apostrophe ("Nando's" → "nandos"). */
function key(term: Term | undefined): string {
	return term === undefined ? '' : fold(term.text.replace(/['’]/gu, ''));
}

/**
 * Which words of a sentence to keep though a rule took them for someone. `isName` says whether a
 * word is someone's name in some list; `isPerson` is what the rules found.
 */
export function keptWords(sentence: readonly Term[], isPerson: readonly boolean[], isName: (lower: string) => boolean): boolean[] {
	const kept = sentence.map(() => false);
	// Phrases first: "Victoria Falls", "Hari Raya", "Ramadan Kareem" — every word of them stays.
	for (let i = 0; i < sentence.length; i++) {
		for (const parts of PHRASES.get(key(sentence[i])) ?? []) {
			const span = parts.every((part, k) => key(sentence[i + k]) === part || fold(bare(sentence[i + k]?.text ?? '')) === part);
			if (span && parts.slice(0, -1).every((_, k) => joined(sentence[i + k]))) for (let k = 0; k < parts.length; k++) kept[i + k] = true;
		}
	}
	const before = (i: number) => sentence[i - 1]?.text.toLowerCase() ?? '';
	const titled = (i: number) => i > 0 && TITLES.has(before(i).replace(/\.$/u, '')) && joined(sentence[i - 1]);
	for (let i = 0; i < sentence.length; i++) {
		const term = sentence[i];
		if (!term || kept[i] || !isPerson[i] || titled(i)) continue;
		const word = key(term);
		const next = sentence[i + 1];
		// "Kenya Airways", "Equity Bank", "Kruger park": a place or an organisation, and its head word.
		const headed = joined(term) && /^\p{Lu}/u.test(term.text) && ((HEADS.has(key(next)) && /^\p{Lu}/u.test(next?.text ?? '')) || (LOWER_HEADS.has(key(next)) && next?.text === key(next)));
		if (headed) {
			kept[i] = true;
			if (HEADS.has(key(next))) kept[i + 1] = true;
			continue;
		}
		if (!KEPT.has(word) && !KEPT.has(fold(bare(term.text)))) continue;
		const ambiguous = isName(word) || isName(fold(bare(term.text)));
		// A word of no name list is someone only when it speaks ("Hennessy texted me").
		if (!ambiguous) {
			kept[i] = !(joined(term) && SPEAKING_AFTER.has(next?.text.toLowerCase() ?? ''));
			continue;
		}
		if (hasCue(sentence, i, isPerson)) continue;
		// Another language's word that is a name somewhere ("sana", "nada", "mira") stays among its own
		// language's words ("asante sana", "no pasa nada"), not after an English greeting ("hi sana");
		// capitalised inside a sentence it may be someone ("Karibu Sana!").
		if (FOREIGN.has(word) && !KEPT_WORDS_NOT_FOREIGN.has(word)) {
			const near = [sentence[i - 1], sentence[i + 1]].some((other) => other !== undefined && FOREIGN.has(key(other)));
			kept[i] = near && !(i > 0 && /^\p{Lu}/u.test(term.text));
			continue;
		}
		kept[i] = true;
	}
	return kept;
}

const KEPT_WORDS_NOT_FOREIGN = new Set(KEPT_WORDS.filter((word) => !FOREIGN_WORDS.includes(word)).map(fold));

/** A clear sign the word is someone: "with Kenya", "Salvador said", "Costa-san", "João Costa". */
function hasCue(sentence: readonly Term[], i: number, isPerson: readonly boolean[]): boolean {
	const term = sentence[i];
	const [previous, next] = [sentence[i - 1], sentence[i + 1]];
	if (!term) return false;
	if (previous && joined(previous) && (PERSON_BEFORE.has(previous.text.toLowerCase()) || GREETINGS.has(previous.text.toLowerCase())) && /^\p{Lu}/u.test(term.text)) return true;
	const after = next?.text.toLowerCase() ?? '';
	if (next && joined(term) && (SAYING_AFTER.has(after) || HONORIFIC_AFTER.has(after) || RELATION_AFTER.has(after))) return true;
	if (['is', 'was', "'s", 'isnt', "isn't"].includes(after) && PERSON_STATE.has(sentence[i + 2]?.text.toLowerCase() ?? '')) return true;
	// A name beside it, itself no kept word: "João Costa", "Salvador Mendes".
	const beside = (j: number) => isPerson[j] === true && sameCase(term, sentence[j]) && !KEPT.has(key(sentence[j])) && /^\p{Lu}/u.test(sentence[j]?.text ?? '');
	return (beside(i - 1) && joined(previous)) || (beside(i + 1) && joined(term));
}
