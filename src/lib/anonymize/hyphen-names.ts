import { nameLexicon } from './name-lexicon';

/**
 * Hyphenated given names written in Latin letters ("Ji-hoon", "Seo-yeon", "Mei-ling",
 * "Abdel-Rahman", "Jean-Luc"), found whole: the word-by-word finder sees "Ji" and "hoon" apart and
 * would leave half of the name. A hyphenated word is a name when a part of it (or the parts
 * written together, "jihoon") is a listed name that is no everyday word, and every part is a name
 * or a syllable names are made of.
 */
export type HyphenNameFinder = (text: string) => string[];

/**
 * Syllables of romanised Korean and Chinese given names and the parts of Arabic compound names,
 * written by us from common practice; too short or too common to be listed names on their own.
 */
const SYLLABLES = new Set(
	(
		'ji hoon hun min jun joon seo yeon yun yoon hyun hyeon woo wu jae hee hui young yeong yong sung seong soo su jin jung jeong eun ha na ye da in chan ho hwan seok suk won sik bin kyung kyeong gyeong hye mi so ra rin ah yu jong dong tae han sang gi ki cheol chul kwang gwang il ' +
		'mei ling li wei xiao hui yan fang jing hong ming lin hua xin yi qing zhi hao jia chen chun ying ting an feng lan ping bo ' +
		'abdel abdul abd el al ul ud din'
	).split(' ')
);
/** Korean family names as romanised, to take "Park Ji-sung" whole. Written by us. */
const KOREAN_FAMILY = new Set(
	'kim lee yi park pak choi choe jung jeong chung kang cho jo yoon yun jang chang lim im han oh seo shin kwon hwang ahn song yoo ryu hong jeon ko moon yang son bae baek heo nam noh ha kwak cha joo woo min'.split(' ')
);
const HYPHENATED = /(?<![\p{L}\p{N}_-])\p{L}{1,12}(?:-\p{L}{1,12}){1,2}(?![\p{L}\p{N}_]|-\p{L})/gu;
/** As chat writes a name: "Ji-hoon", "Ji-Hoon", "ji-hoon", "JI-HOON". */
const NAME_CASE = /^(?:\p{Lu}\p{Ll}*(?:-\p{L}\p{Ll}*)+|\p{Ll}+(?:-\p{Ll}+)+|\p{Lu}+(?:-\p{Lu}+)+)$/u;

export function createHyphenNameFinder(names: ReadonlySet<string>, words: ReadonlySet<string>): HyphenNameFinder {
	const lexicon = nameLexicon();
	const listed = (part: string) => names.has(part) || part in lexicon;
	const strong = (part: string) => part.length >= 3 && listed(part) && !words.has(part);
	return (text) => {
		const found: string[] = [];
		for (const match of text.matchAll(HYPHENATED)) {
			const word = match[0];
			if (!NAME_CASE.test(word)) continue;
			const parts = word.toLowerCase().split('-');
			// "Ji-sung", "Hye-jin": syllables only, capitalised, not a doubled sound ("Ha-ha").
			const syllables = /^\p{Lu}/u.test(word) && parts.every((part) => SYLLABLES.has(part)) && new Set(parts).size === parts.length;
			if (!syllables && !((parts.some(strong) || strong(parts.join(''))) && parts.every((part) => listed(part) || SYLLABLES.has(part)))) continue;
			const family = /(\p{Lu}\p{Ll}{1,5})\s$/u.exec(text.slice(Math.max(0, match.index - 8), match.index))?.[1];
			found.push(family && KOREAN_FAMILY.has(family.toLowerCase()) ? `${family} ${word}` : word);
		}
		return found;
	};
}
