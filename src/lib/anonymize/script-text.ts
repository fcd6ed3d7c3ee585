/**
 * How names in scripts other than Latin are told apart: which script a word is in, and the key a
 * name is listed under, so "Σταύρος" matches "Σταυρος" and "أحمد" matches "احمد".
 */
export type ScriptKind = 'cased' | 'uncased' | 'hangul' | 'unspaced' | 'other';

/** Scripts with capitals: a capital says "name" the way it does in Latin text. */
const CASED = /^[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}]/u;
/** Scripts without capitals that put spaces between words. */
const UNCASED = /^[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Devanagari}\p{Script=Georgian}]/u;
const HANGUL = /^\p{Script=Hangul}/u;
/** Chinese, Japanese and Thai run words together: a name is a part of a run. */
const UNSPACED = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
/** Marks dropped from a key: Greek accents, Arabic vowel signs, Hebrew points, Cyrillic breves. */
const FOLDED_MARKS = /^[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}]/u;
/** Not ى: "على" (on) is not "علي" (Ali). */
const ARABIC_LETTERS: Record<string, string> = { أ: 'ا', إ: 'ا', آ: 'ا', ٱ: 'ا', ی: 'ي', ة: 'ه', ک: 'ك', ـ: '' };

export function scriptOf(word: string): ScriptKind {
	if (CASED.test(word)) return 'cased';
	if (UNCASED.test(word)) return 'uncased';
	if (HANGUL.test(word)) return 'hangul';
	if (UNSPACED.test(word)) return 'unspaced';
	return 'other';
}

/** Lower case; in the scripts above without marks, and Arabic letters that are spelt either way folded. */
export function nameKey(word: string): string {
	const lower = word.normalize('NFKC').toLowerCase();
	if (!FOLDED_MARKS.test(lower)) return lower;
	const bare = lower.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC').replaceAll('ς', 'σ');
	return [...bare].map((char) => ARABIC_LETTERS[char] ?? char).join('');
}

/** Where a name is in the text the finder was given: replaced as it stands, whatever is around it. */
export interface NameSpan {
	start: number;
	end: number;
}

/** The lists as the finders read them (`ScriptNameLists`, in sets). */
export interface ScriptNames {
	given: ReadonlySet<string>;
	family: ReadonlySet<string>;
	words: ReadonlySet<string>;
}
