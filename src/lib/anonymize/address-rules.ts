import type { ScrubRule } from './rule';

/**
 * Street addresses in the shapes of several countries. An address is a house number next to a
 * street word ("221B Baker Street", "Hauptstraße 5", "12 rue de la Paix", "Rua Augusta, 1500",
 * "1-2-3 Shibuya"), a postcode of a distinctive shape (UK), or a PO box. Every repeat is bounded.
 */
const WORD = "[\\p{L}][\\p{L}'’.-]{0,30}";
const CAP_WORD = "\\p{Lu}[\\p{L}'’.-]{0,30}";
const STOPWORD = `${anyCase('the|a|an|on|in|to|of|and|or|for|at|by|with|my|your|our|his|her|their|this|that|is|are|was|were|be|it|we|you|they|i|per|more|less|than|other|next|same|first|last|whole|entire|long|way')}\\s`;
const HOUSE_NUMBER = '\\d{1,5}[a-zA-Z]?(?:[/-]\\d{1,4}[a-zA-Z]?)?';
const EN_STREET = anyCase(
	'street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|close|crescent|cres|square|sq|parkway|pkwy|highway|hwy|circle|cir|trail|mews|gardens|grove|marg|nagar|salai'
);
const UNIT = `(?:,?\\s{1,2}(?:${anyCase('apt|apartment|suite|ste|unit|flat|fl|floor')}|#)\\.?\\s{0,2}[\\p{L}\\p{N}-]{1,6})?`;
const CITY_TAIL = "(?:,\\s{0,2}\\p{Lu}[\\p{L}'’.-]{1,30}(?:\\s\\p{Lu}[\\p{L}'’.-]{1,30}){0,2}(?:,?\\s{1,2}[A-Z]{2})?(?:\\s{1,2}\\d{5}(?:-\\d{4})?)?)?";
const POSTCODE_CITY = "(?:,?\\s{1,2}\\d{4,5}\\s{1,2}\\p{Lu}[\\p{L}'’-]{1,30})?";

const DE_SUFFIX =
	'(?:straße|strasse|str\\.|weg|gasse|platz|allee|damm|ufer|steig|chaussee|gade|vej|gatan|vägen|veien|vegen|gata|straat|laan|plein|gracht|kade|singel|utca|ulica|ulice|katu)';
const DE_WORD = '(?:Straße|Strasse|Str\\.|Weg|Gasse|Platz|Allee|Ring|Damm|Ufer)';
const FR_STREET = `(?:${anyCase('rue|avenue|boulevard|bd|place|chemin|allée|allee|impasse|quai|route|cours|passage|square')}|[Aa]v\\.)`;
const FR_LINK = "(?:de\\s{1,2}la\\s{1,2}|de\\s{1,2}l['’]|du\\s{1,2}|des\\s{1,2}|de\\s{1,2}|d['’])?";
const ROMANCE_STREET =
	'(?:[Cc]alle|C/|[Aa]venida|[Aa]vda\\.?|[Aa]v\\.|[Rr]ua|[Vv]ia|[Vv]iale|[Pp]iazza|[Cc]orso|[Tt]ravessa|[Pp]raça|[Pp]raca|[Cc]arrer|[Pp]aseo|[Pp]laza|[Ll]argo|[Aa]lameda|[Ee]strada|[Rr]odovia|[Cc]amino)';
const ROMANCE_LINK = '(?:(?:de|del|de la|da|do|dos|das|della|dei|delle|di)\\s{1,2})?';

/** "st" -> "[Ss][Tt]": case-insensitive words inside an otherwise case-sensitive pattern. */
function anyCase(words: string): string {
	return `(?:${words.replace(/\p{Ll}/gu, (c) => `[${c}${c.toUpperCase()}]`)})`;
}

export const ADDRESS_RULES: ScrubRule[] = [
	{
		// English-speaking countries (and Indian "12 MG Road"): number, up to three words, street word.
		kind: 'ADDRESS',
		pattern: new RegExp(`(?<![\\p{L}\\p{N}])${HOUSE_NUMBER},?\\s{1,2}(?:(?!${STOPWORD})${WORD}\\s{1,2}){1,3}${EN_STREET}\\.?(?![\\p{L}])${UNIT}${CITY_TAIL}`, 'gu')
	},
	{
		// German, Dutch, Nordic, Central European: the street word is a suffix, the number follows.
		kind: 'ADDRESS',
		pattern: new RegExp(`(?<![\\p{L}])\\p{Lu}[\\p{L}-]{0,30}${DE_SUFFIX}\\s{0,2}\\d{1,3}[a-z]?(?:[/-]\\d{1,3})?(?![\\p{L}\\p{N}])${POSTCODE_CITY}`, 'gu')
	},
	{ kind: 'ADDRESS', pattern: new RegExp(`(?<![\\p{L}])(?:${CAP_WORD}\\s)?${DE_WORD}\\s{1,2}${HOUSE_NUMBER}(?![\\p{L}\\p{N}])${POSTCODE_CITY}`, 'gu') },
	{
		// French and Belgian: number, street word, name.
		kind: 'ADDRESS',
		pattern: new RegExp(`(?<![\\p{L}\\p{N}])\\d{1,4}(?:\\s?(?:bis|ter))?,?\\s{1,2}${FR_STREET}\\s{1,2}${FR_LINK}${WORD}(?:\\s{1,2}${CAP_WORD}){0,3}${POSTCODE_CITY}`, 'gu')
	},
	{
		// Spanish, Italian, Portuguese, Brazilian: street word, name, then the number.
		kind: 'ADDRESS',
		pattern: new RegExp(`(?<![\\p{L}])${ROMANCE_STREET}\\s{1,2}${ROMANCE_LINK}${CAP_WORD}(?:\\s{1,2}${WORD}){0,3}?,?\\s{1,2}(?:n[º°o]\\.?\\s{0,2})?\\d{1,5}(?![\\p{N}])`, 'gu')
	},
	// Japan: chōme-banchi-gō before the district, and a 〒 postcode.
	{ kind: 'ADDRESS', pattern: /(?<![\p{N}-])\d{1,2}-\d{1,2}(?:-\d{1,3})?,?\s{1,2}\p{Lu}[\p{L}]{1,20}(?:-(?:ku|shi|cho|machi|gun))?(?![\p{L}])/gu },
	{ kind: 'ADDRESS', pattern: /〒\s?\d{3}-?\d{4}/gu },
	// Chinese and Japanese script: a district or city, then road, number or block.
	{ kind: 'ADDRESS', pattern: /\p{Script=Han}{1,6}[市区區县縣町村](?:\p{Script=Han}{1,8}?(?:路|街|道|巷|弄|丁目|番地|号|號|番))(?:\p{N}{1,5}(?:号|號|番|弄)?)?/gu },
	// UK postcodes: "SW1A 1AA", "M1 1AE".
	{ kind: 'ADDRESS', pattern: /(?<![\p{L}\p{N}])[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}(?![\p{L}\p{N}])/gu },
	{ kind: 'ADDRESS', pattern: /(?<![\p{L}])(?:P\.?\s?O\.?\s?Box|Postfach|Caixa Postal|Apartado)\s{0,2}\d{1,8}/giu }
];
