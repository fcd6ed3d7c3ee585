// Session 19 (issue 14): a possessive written without its apostrophe ("Kwames car"), one rule of
// the Latin name finder (person-finder.ts), kept apart to keep that module short.
import { isKeptWord } from './person-keep';
import { joined, type Cues, type Term } from './person-shapes';

/** What chat says someone has, after a possessive written without its apostrophe. */
const POSSESSIONS = new Set('phone car house place mum mom mama dad papa mother father sister brother wife husband son daughter kids baby bday birthday wedding party funeral graduation bag laptop room number family boyfriend girlfriend cousin aunt uncle dog cat'.split(' '));

/**
 * A listed name with an "s" and no apostrophe before a thing, as chat writes the possessive:
 * "Kwames car", "priyas wedding", "Ngozis birthday". The word itself is in no dictionary.
 */
export function byBarePossessive(sentence: Term[], i: number, cues: Cues): boolean {
	const [term, next] = [sentence[i], sentence[i + 1]];
	if (!term || !next || !joined(term) || !/^(?:\p{Lu}\p{Ll}+|\p{Ll}+)s$/u.test(term.text) || term.text.length < 5) return false;
	const lower = term.text.toLowerCase();
	const stem = lower.slice(0, -1);
	if (cues.isWord(lower) || cues.isOther(lower) || cues.isOther(stem) || isKeptWord(lower) || isKeptWord(stem)) return false;
	// A word in no list before someone's family or things: "amaras phone", "Tendais mum".
	if (!cues.listed.has(stem)) return stem.length >= 3 && !cues.isWord(stem) && POSSESSIONS.has(next.text);
	// The thing owned: a noun in lower case, not a verb or a word that starts a clause ("Carlos is").
	// ("phone" after a plural is tagged a verb: "amaras phone died".)
	if (POSSESSIONS.has(next.text)) return true;
	return /^\p{Ll}+$/u.test(next.text) && next.tags.includes('Noun') && !next.tags.some((tag) => ['Pronoun', 'Determiner', 'Verb', 'Preposition', 'Conjunction', 'Adverb', 'Copula'].includes(tag));
}
