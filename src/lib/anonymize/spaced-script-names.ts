import { CUES_AFTER, CUES_BEFORE } from './script-cues';
import { nameKey, scriptOf, type NameSpan, type ScriptNames } from './script-text';

/**
 * Names in scripts that space their words: Cyrillic, Greek, Armenian (with capitals), Arabic,
 * Hebrew, Devanagari, Georgian (without). A listed name is one when nothing says otherwise; a
 * listed name that is also an everyday word only next to a cue or another name. With capitals, a
 * name in lower case needs a cue too, and Russian case endings ("Натальей", "Петрову") are read.
 */
interface Word {
	text: string;
	key: string;
	start: number;
	end: number;
}

const WORD = /[\p{L}\p{M}]+/gu;
/** Between a name and its neighbour: spaces or a comma, not a sentence's end. */
const JOINED = /^[\s,،]{1,3}$/u;
/** Russian case endings, longest first, and the endings of the name they come from. */
const ENDINGS = ['ами', 'ого', 'ому', 'ой', 'ей', 'ою', 'ем', 'ом', 'ым', 'им', 'а', 'я', 'у', 'ю', 'е', 'ы', 'и'].map(nameKey);
const STEM_ENDINGS = ['', 'а', 'я', 'й', 'ь', 'ья', 'ия', 'ий'];
/** Arabic and Hebrew letters that join the word after them: "and", "to", "with", "that", "the". */
const PREFIXES = /^(?:[وبلفك]|[ולבשהמכ])/u;

export function spacedScriptNames(text: string, names: ScriptNames): NameSpan[] {
	const words: Word[] = [];
	for (const match of text.matchAll(WORD)) words.push({ text: match[0], key: nameKey(match[0]), start: match.index, end: match.index + match[0].length });
	const listed = (word: Word) => names.given.has(word.key) || names.family.has(word.key);
	const joinedTo = (i: number, j: number) => {
		const [a, b] = i < j ? [words[i], words[j]] : [words[j], words[i]];
		return a !== undefined && b !== undefined && JOINED.test(text.slice(a.end, b.start));
	};
	const cued = (i: number) => (CUES_BEFORE.has(words[i - 1]?.key ?? '') && joinedTo(i - 1, i)) || (CUES_AFTER.has(words[i + 1]?.key ?? '') && joinedTo(i, i + 1));
	const spans: (NameSpan | undefined)[] = words.map((word, i) => {
		const kind = scriptOf(word.text);
		if (kind !== 'cased' && kind !== 'uncased') return undefined;
		const ordinary = names.words.has(word.key);
		if (kind === 'cased') {
			const capital = /^\p{Lu}/u.test(word.text);
			if (listed(word) && cued(i)) return word;
			// "Вера" is faith as often as a name; in lower case a family name ("коваль") is a smith.
			if (listed(word)) return !ordinary && (capital || names.given.has(word.key)) ? word : undefined;
			return capital && isInflected(word.key, names) ? word : undefined;
		}
		// Two letters ("דן", "גל", "טל") are a word far more often than a name.
		if (listed(word)) return (!ordinary && word.key.length >= 3) || cued(i) ? word : undefined;
		const rest = word.key.replace(PREFIXES, '');
		if (rest !== word.key && rest.length >= 3 && (names.given.has(rest) || names.family.has(rest)) && !names.words.has(rest)) return { start: word.end - rest.length, end: word.end };
		return undefined;
	});
	// "Наталья Петрова", "محمد حسن": a listed word next to a name is part of it.
	for (let pass = 0; pass < 2; pass++) {
		words.forEach((word, i) => {
			if (spans[i] || scriptOf(word.text) === 'other' || CUES_BEFORE.has(word.key) || CUES_AFTER.has(word.key)) return;
			const nextTo = (j: number) => spans[j] !== undefined && joinedTo(i, j) && scriptOf(words[j]?.text ?? '') === scriptOf(word.text);
			if ((nextTo(i - 1) || nextTo(i + 1)) && (listed(word) || (/^\p{Lu}/u.test(word.text) && isInflected(word.key, names)))) spans[i] = word;
		});
	}
	return spans.filter((span): span is NameSpan => span !== undefined).map(({ start, end }) => ({ start, end }));
}

/**
 * "Натальи" → "наталья", "Петровой" → "петрова": a listed name with a Russian case ending; "Νίκο"
 * → "νικοσ": a Greek name called or an object, without its final ς.
 */
function isInflected(key: string, names: ScriptNames): boolean {
	if (/^\p{Script=Greek}{3,}$/u.test(key)) return names.given.has(`${key}σ`) || names.family.has(`${key}σ`);
	if (!/^\p{Script=Cyrillic}+$/u.test(key) || key.length < 4) return false;
	for (const ending of ENDINGS) {
		if (!key.endsWith(ending)) continue;
		const stem = key.slice(0, -ending.length);
		if (stem.length >= 2 && STEM_ENDINGS.some((end) => names.given.has(nameKey(stem + end)) || names.family.has(nameKey(stem + end)))) return true;
	}
	return false;
}
