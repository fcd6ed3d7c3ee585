/**
 * Latin spellings of names written in Cyrillic, Greek or Hangul, as chat in a Latin keyboard writes
 * them ("Ксения" → "kseniya", "ksenia"; "Σταύρος" → "stavros"; "민서" → "minseo"). Common
 * practical romanizations, not a standard's every rule: these only feed a word list.
 */

const RUSSIAN: Record<string, string> = {
	а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p',
	р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya'
};
/** Ukrainian reads и as "y" and has letters Russian lacks. */
const UKRAINIAN: Record<string, string> = { ...RUSSIAN, и: 'y', і: 'i', ї: 'yi', є: 'ye', ґ: 'g', '’': '', "'": '' };

const GREEK_PAIRS: [string, string][] = [['ου', 'ou'], ['αι', 'ai'], ['ει', 'ei'], ['οι', 'oi'], ['αυ', 'av'], ['ευ', 'ev'], ['μπ', 'b'], ['ντ', 'nt'], ['γγ', 'ng'], ['γκ', 'g']];
const GREEK: Record<string, string> = {
	α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's',
	τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o'
};

/** Revised Romanization of Korean: initial consonants, vowels and final consonants of a syllable. */
const INITIALS = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
const VOWELS = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i'];
const FINALS = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't'];
const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;

export type Script = 'russian' | 'ukrainian' | 'greek' | 'korean';

/** Lower-case Latin spellings of one name (several where practice varies), or none. */
export function latinSpellings(name: string, script: Script): string[] {
	const lower = name.toLowerCase();
	if (script === 'korean') return [korean(lower)];
	if (script === 'greek') return [greek(lower)];
	const plain = [...lower].map((char) => (script === 'russian' ? RUSSIAN : UKRAINIAN)[char] ?? char).join('');
	// "Kseniya", "Dmitriy" are often written "Ksenia", "Dmitry".
	const common = plain.replace(/iya$/, 'ia').replace(/iy$/, 'y');
	return common === plain ? [plain] : [plain, common];
}

function greek(lower: string): string {
	let text = lower.normalize('NFD').replace(/\p{M}/gu, '');
	for (const [pair, latin] of GREEK_PAIRS) text = text.replaceAll(pair, latin);
	return [...text].map((char) => GREEK[char] ?? char).join('');
}

function korean(lower: string): string {
	let out = '';
	for (const char of lower) {
		const code = char.codePointAt(0) ?? 0;
		if (code < HANGUL_FIRST || code > HANGUL_LAST) {
			out += char;
			continue;
		}
		const index = code - HANGUL_FIRST;
		out += (INITIALS[Math.floor(index / 588)] ?? '') + (VOWELS[Math.floor((index % 588) / 28)] ?? '') + (FINALS[index % 28] ?? '');
	}
	return out;
}
