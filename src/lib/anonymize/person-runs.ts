import { ADDRESS_BEFORE } from './person-cues';
import { bare, isLastWord, joined, sameCase, type Cues, type Term } from './person-shapes';

/**
 * Session 16: names read from the words around them as a whole — a person named next to "me"
 * ("me n wanjiru"), a given name and a surname opening a message ("ivy king", "Dawn Wood"), a
 * surname with its particles ("van der Berg", "de la Cruz", "bin Osman", "al-Harbi"), an aside
 * after a name ("Grace (28)"), and typos of listed names ("jmaes").
 */

/** How chat pairs someone with the writer: "me and X", "me n X", "X & me", "X + i". */
const WITH_ME = new Set(['and', 'n', '&', '+']);
const ME = new Set(['me', 'i']);

/**
 * Particles of surnames in many languages (Dutch, German, Romance, Arabic, Malay, Welsh): a
 * particle between two names, or lower case before a capitalised surname, belongs to the name.
 */
const PARTICLES = new Set('van der den de del della dela di da do dos das du des le la los las von vom zu ter ten bin binti bint ibn ben al el abu ap'.split(' '));
export const isParticle = (word: string) => PARTICLES.has(word.toLowerCase());
/** At most "van de" + "la"-like runs: a longer run of these words is a sentence of another language. */
const MAX_PARTICLES = 3;

/** What comes after a full name that opens a message when it is someone: "Summer Ward got engaged", "citlali tecuapetla from book club". */
const AFTER_FULL_NAME = new Set('from is was has had got says said and'.split(' '));

const lower = (term: Term | undefined) => term?.text.toLowerCase() ?? '';
const nameShaped = (text: string) => /^(?:\p{Lu}\p{Ll}+|\p{Ll}+)$/u.test(text);

/** Tags a name can never have here: a pronoun, a number, a modal ("me and will go"). */
const NEVER_A_NAME = new Set(['Pronoun', 'Determiner', 'Preposition', 'Conjunction', 'Modal', 'Value', 'Month', 'WeekDay', 'Date', 'Holiday', 'Url', 'Email', 'Acronym']);

/**
 * A name of any list, a name that is a word ("drew"), or a word in no dictionary, with a vowel:
 * someone, when the sentence puts them there. Not "me and u", "me n bf", "me and my mum".
 */
export function couldBeSomeone(term: Term | undefined, cues: Cues, minLength = 3): term is Term {
	if (!term) return false;
	const word = bare(term.text);
	const lowerWord = word.toLowerCase();
	if (!nameShaped(word) || !/[aeiouyà-ÿ]/iu.test(word) || term.tags.some((tag) => NEVER_A_NAME.has(tag))) return false;
	if (cues.isOther(lowerWord)) return false;
	if (cues.listed.has(lowerWord) || cues.nameWords?.has(lowerWord)) return true;
	return word.length >= minLength && !cues.isWord(lowerWord);
}

/**
 * "me n zoramthanga are going", "Kavitha n me will drive", "me and drew", "Aishath and her
 * sister came": the writer's companion, or someone with their family, is someone.
 */
export function byCompanion(sentence: Term[], i: number, cues: Cues): boolean {
	const term = sentence[i];
	if (!couldBeSomeone(term, cues, 2)) return false;
	const [before, me, next, after] = [sentence[i - 1], sentence[i - 2], sentence[i + 1], sentence[i + 2]];
	if (before && me && joined(me) && joined(before) && WITH_ME.has(lower(before)) && ME.has(lower(me))) return true;
	if (!next || !after || !joined(term) || !joined(next) || !WITH_ME.has(lower(next))) return false;
	return ME.has(lower(after)) || (HIS_OR_HER.has(lower(after)) && joined(after) && ADDRESS_BEFORE.has(lower(sentence[i + 3])));
}
const HIS_OR_HER = new Set(['his', 'her', 'their']);

/**
 * "bolormaa and tsegaye", "bolormaa n tsegaye are coming": a message that opens with two words in
 * no dictionary joined by "and", one of them listed or taken for a name by the engine, and ends or
 * goes on with a verb. Two foods or two words of another language are rarely a name of any list.
 */
export function byCouple(sentence: Term[], i: number, cues: Cues): boolean {
	const [first, and, second, after] = [sentence[0], sentence[1], sentence[2], sentence[3]];
	if ((i !== 0 && i !== 2) || !first || !and || !second || !WITH_ME.has(lower(and)) || !joined(first) || !joined(and) || !sameCase(first, second)) return false;
	const unknown = (term: Term) => couldBeSomeone(term, cues) && !cues.isWord(bare(term.text).toLowerCase());
	if (!unknown(first) || !unknown(second)) return false;
	const named = (term: Term) => cues.listed.has(bare(term.text).toLowerCase()) || term.tags.some((tag) => tag === 'FirstName' || tag === 'Person');
	if (!named(first) && !named(second)) return false;
	return isLastWord(sentence, 2) || (joined(second) && after !== undefined && after.tags.some((tag) => tag === 'Verb' || tag === 'Copula' || tag === 'Modal'));
}

/**
 * "Grace (28) likes hiking", "Dawn Wood (she/her) joined", "Blaž (support) closed the ticket":
 * capitalised words opening a sentence, the first a name or a word in no dictionary, then an
 * aside in brackets (an age, pronouns, a role in lower case) and a verb or the end.
 */
export function byAside(sentence: Term[], i: number, cues: Cues): boolean {
	// The engine keeps the brackets of a number in its text ("(28)"), and leaves them outside a word.
	const opens = (term: Term) => /\(\s*$/u.test(term.pre ?? '') || term.text.startsWith('(');
	let aside = 1;
	while (aside <= MAX_NAME_WORDS && sentence[aside] && !opens(sentence[aside] as Term)) aside++;
	const [bracketed, after] = [sentence[aside], sentence[aside + 1]];
	if (i >= aside || !bracketed || !/^\s*\)/u.test(bracketed.text.startsWith('(') ? bracketed.text.slice(-1) : bracketed.post)) return false;
	const inside = bracketed.text.replace(/^\(|\)$/gu, '');
	const first = sentence[0];
	if (!couldBeSomeone(first, cues) || !sentence.slice(0, aside).every((term) => /^\p{Lu}\p{Ll}+$/u.test(term.text) && joined(term))) return false;
	// An age only after a listed name: "Postgres (16) crashed" is software.
	const isListed = cues.listed.has(first.text.toLowerCase()) || cues.nameWords?.has(first.text.toLowerCase()) === true;
	if (!(ROLE_OR_PRONOUNS.test(inside) || (isListed && /^\d{1,2}$/u.test(inside)))) return false;
	return after === undefined || after.tags.some((tag) => tag === 'Verb' || tag === 'Modal' || tag === 'Copula');
}
/** Pronouns or a role: "(she/her)", "(support)"; not "(JVM)". */
const ROLE_OR_PRONOUNS = /^\p{Ll}+(?:\/\p{Ll}+)*$/u;
const MAX_NAME_WORDS = 3;

/**
 * "jmaes", "kavtiha", "Senthill": a word in no dictionary that is a listed name with two letters
 * side by side swapped or one letter doubled. Not a letter dropped or added: a word of another
 * language is that far from some name too often ("bayar", "nyama"). Five letters at least.
 */
export function isNameTypo(lowerWord: string, cues: Cues): boolean {
	if (lowerWord.length < 5 || lowerWord.length > 20 || cues.listed.has(lowerWord) || cues.isWord(lowerWord) || cues.isOther(lowerWord)) return false;
	for (let i = 0; i + 1 < lowerWord.length; i++) {
		const [a, b] = [lowerWord[i], lowerWord[i + 1]];
		// A doubled letter once ("senthill"), or two letters swapped ("jmaes").
		const fixed = a === b ? lowerWord.slice(0, i) + lowerWord.slice(i + 1) : lowerWord.slice(0, i) + b + a + lowerWord.slice(i + 2);
		if (cues.listed.has(fixed)) return true;
	}
	return false;
}

/**
 * "ivy king", "Dawn Wood", "Summer Ward got engaged", "citlali tecuapetla from book club": two
 * words in the same case open the message, the first a listed given name (even one that is a
 * word) and the second a listed name or a word in no dictionary; the message ends there or goes
 * on as about someone. Two words in no list at all count only before "from" or such a verb:
 * alone they are as often a phrase of another language ("kak dela").
 */
export function byFullName(sentence: Term[], i: number, cues: Cues): boolean {
	if (i > 1) return false;
	const [first, second, third] = [sentence[0], sentence[1], sentence[2]];
	if (!first || !second || !joined(first) || !sameCase(first, second) || !nameShaped(first.text) || !nameShaped(bare(second.text))) return false;
	if (!couldBeSomeone(first, cues) || !couldBeSomeone(second, cues, 2)) return false;
	const listed = (term: Term) => cues.listed.has(bare(term.text).toLowerCase()) || cues.nameWords?.has(bare(term.text).toLowerCase()) === true;
	const goesOn = third !== undefined && joined(second) && (AFTER_FULL_NAME.has(lower(third)) || third.tags.includes('PastTense'));
	if (listed(first) && (isLastWord(sentence, 1) || goesOn)) return true;
	return goesOn && !listed(second) && !cues.isWord(bare(first.text).toLowerCase());
}

/**
 * Surnames with particles: "Marloes van der Berg", "wilkin de la cruz", "Khalid al-Harbi", "the
 * de la Cruz family". A run of particles between a person and a name-shaped word in the same case,
 * or in lower case before a capitalised person opening the sentence or after "the", is part of
 * the name. Marks the words of each such name (in `covered`) and returns it as written, so the
 * whole run is replaced, not every "de" of the message. One pass over the sentence.
 */
export function particleNames(sentence: Term[], isPerson: boolean[], cues: Cues, covered: Set<number>): string[] {
	const names: string[] = [];
	for (let i = 0; i < sentence.length; i++) {
		if (!PARTICLES.has(lower(sentence[i]))) continue;
		let end = i;
		while (end + 1 < sentence.length && end - i + 1 < MAX_PARTICLES && PARTICLES.has(lower(sentence[end + 1])) && joined(sentence[end])) end++;
		const [owner, surname, particle] = [sentence[i - 1], sentence[end + 1], sentence[i] as Term];
		if (!surname || !joined(sentence[end]) || !nameShaped(bare(surname.text))) {
			i = end;
			continue;
		}
		const named = (j: number) => isPerson[j] === true || couldBeSomeone(sentence[j], cues);
		const listed = (j: number) => isPerson[j] === true || cues.listed.has(bare(sentence[j]?.text ?? '').toLowerCase()) || cues.nameWords?.has(bare(sentence[j]?.text ?? '').toLowerCase()) === true;
		// In lower case the surname must be a name ("wilkin de la cruz"; "hora de la comida" is Spanish).
		const capitalised = /^\p{Lu}/u.test(surname.text);
		const between = owner !== undefined && joined(owner) && sameCase(owner, surname) && (listed(end + 1) || (capitalised && listed(i - 1))) && named(i - 1) && named(end + 1);
		const opening = (i === 0 || lower(owner) === 'the') && isPerson[end + 1] === true && /^\p{Lu}/u.test(surname.text) && /^\p{Ll}/u.test(particle.text);
		if (between || opening) {
			const from = between ? i - 1 : i;
			for (let j = from; j <= end + 1; j++) {
				isPerson[j] = true;
				covered.add(j);
			}
			names.push(sentence.slice(from, end + 1).map((term) => term.text + term.post).join('') + bare(surname.text));
		}
		i = end;
	}
	return names;
}
