import { isLastWord, isStretched, joined, type Term } from './person-shapes';

/**
 * Session 18: a name called out as chat writes it. Its letters stretched or a number after it
 * ("TENDAIII", "bisiii", "farai2": a handle), last in a message after "here", "already", "now"
 * ("come here tinotenda", "miss you already ngaio"), or first before "bro", "sis" ("Ikaika bro").
 */

/** One or two digits after three letters or more: "farai2", "kemi99" (not "mp3", "b2"). */
const COUNT_AFTER = /(?<=\p{L}{3})\p{N}{1,2}$/u;

/** The word without a number after it: "farai2" → "farai". */
export function withoutCount(word: string): string {
	return word.replace(COUNT_AFTER, '');
}

/**
 * The word as written and, when a letter is stretched, with it once and twice: "yesss" → "yes",
 * "sheeesh" → "sheesh". A stretched word is a name only when none of these is a word.
 */
export function stretchForms(lower: string): string[] {
	if (!/(\p{L})\1\1/u.test(lower)) return [lower];
	return [lower, lower.replace(/(\p{L})\1{2,}/gu, '$1'), lower.replace(/(\p{L})\1{2,}/gu, '$1$1')];
}

/**
 * A lone word in capitals is read as an acronym ("NASA"), but not with its last letter stretched
 * ("TENDAIII"), nor one of five letters or more called out with "!" ("ZORVANA!!!"): those
 * are someone called, and are read in lower case like a shouted sentence.
 */
export function isCalledInCapitals(sentence: Term[]): boolean {
	const words = sentence.filter((term) => /\p{L}/u.test(term.text));
	const [only] = words;
	if (words.length !== 1 || only === undefined || /\p{Ll}/u.test(only.text) || !/\p{Lu}{3}/u.test(only.text)) return false;
	if (!isStretched(only.text) && !(/^\p{Lu}{5,}$/u.test(only.text) && /!/u.test(only.post))) return false;
	// A vowel before the stretched letters: "WWIII" is a war, not a name.
	return /[AEIOUY]/u.test(only.text.replace(/(\p{L})\1+$/u, ''));
}

/** After these, last in the message, a word is called, not talked about: "come here tinotenda", "see you soon ngaio". */
const CALLED_AFTER = new Set('here there now already too again soon later tomorrow tonight pls plz please lol haha'.split(' '));
const YOU = new Set(['you', 'u', 'ya']);

/**
 * A word in no dictionary, last in its sentence, right after one of `CALLED_AFTER`, in a sentence
 * that has a verb or "you" before it, or as its third word: the reader, called by name. "the bus
 * is here now" has no such word; "I want bakso now" has it before "now", not after.
 */
export function byCallAtEnd(sentence: Term[], i: number, isStrange: (term: Term) => boolean): boolean {
	const [term, before] = [sentence[i], sentence[i - 1]];
	if (!term || !before || i < 2 || !joined(before) || !CALLED_AFTER.has(before.text.toLowerCase()) || !isLastWord(sentence, i)) return false;
	// "me too zorvana", "same here quelindo": a short reply, then the name.
	if (i !== 2 && !sentence.slice(0, i - 1).some((other) => YOU.has(other.text.toLowerCase()) || other.tags.includes('Verb'))) return false;
	return isStrange(term);
}

/** How chat calls a friend after their name. */
const PEER_AFTER = new Set('bro bruv sis sista mate buddy boss dude chief bestie'.split(' '));

/** "Ikaika bro 🤙", "kemi sis!": a name, then "bro" or "sis", and nothing more. */
export function byPeerWord(sentence: Term[], i: number, isNameish: (term: Term) => boolean): boolean {
	const [term, next] = [sentence[i], sentence[i + 1]];
	if (i !== 0 || !term || !next || !joined(term) || !PEER_AFTER.has(next.text.toLowerCase()) || !isLastWord(sentence, i + 1)) return false;
	return isNameish(term);
}

/** Phrasal verbs whose object is someone: "pick up zinhle", "waiting on chinonso". */
const OBJECT_AFTER_PAIR = new Set(['pick up', 'picked up', 'picking up', 'waiting on', 'wait on', 'waited on']);
/** "drop kalolo off", "pay mutua back": the verb, the person, the particle. */
const VERB_BEFORE_PARTICLE = new Set('drop dropped dropping pay paid paying pick picked picking'.split(' '));
const PARTICLE_AFTER = new Set(['off', 'back', 'up']);
/** What may follow such an object: the end, or where and when. */
const PLACE_OR_TIME = new Set('at from after before today tomorrow tonight later'.split(' '));

/**
 * A word in no dictionary as the object of "pick up", "waiting on", ending the sentence or before
 * "at"/"from"/a time ("pick up zinhle from school"), or between "drop"/"pay"/"pick" and
 * "off"/"back"/"up" ("pay mutua back"). "pick up milk", "drop it off" have words there.
 */
export function byPhrasalObject(sentence: Term[], i: number, isStrange: (term: Term) => boolean): boolean {
	const [term, before, next] = [sentence[i], sentence[i - 1], sentence[i + 1]];
	if (!term || !before || !joined(before)) return false;
	const lower = (other: Term | undefined) => other?.text.toLowerCase() ?? '';
	const pair = `${lower(sentence[i - 2])} ${lower(before)}`;
	if (OBJECT_AFTER_PAIR.has(pair) && joined(sentence[i - 2]) && (isLastWord(sentence, i) || (joined(term) && PLACE_OR_TIME.has(lower(next))))) return isStrange(term);
	return VERB_BEFORE_PARTICLE.has(lower(before)) && joined(term) && PARTICLE_AFTER.has(lower(next)) && isStrange(term);
}
