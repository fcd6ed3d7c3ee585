import type { NameSpan, ScriptNames } from './script-text';

/**
 * Names inside Chinese, Japanese and Thai text, which runs words together: a listed name is taken
 * only where a cue or the rest of a full name says so, never a lone listed character ("王" in
 * "王国", a kingdom) or a given name that is a word ("未来", future) on its own.
 */
const RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々]+|\p{Script=Thai}+(?:[ \t]\p{Script=Thai}+)*/gu;
/** After a name: Japanese honorifics, Chinese forms of address. */
const JAPANESE_HONORIFICS = ['さん', 'さま', '様', 'くん', 'ちゃん', '先輩', '氏'];
const HONORIFICS = [...JAPANESE_HONORIFICS, '先生', '女士', '老师', '老師', '小姐', '同学', '同學', '太太'];
/** Before a Thai name: "khun" (Mr/Ms), elder and younger sibling, teacher, uncle, aunt. */
const THAI_BEFORE = ['คุณ', 'พี่', 'น้อง', 'ครู', 'อาจารย์', 'ลุง', 'ป้า', 'น้า'];
const KATAKANA = /^[\p{Script=Katakana}ー]{2,12}$/u;
const MAX_FAMILY = 2;
const MAX_GIVEN = 4;

export function unspacedNames(text: string, names: ScriptNames): NameSpan[] {
	const spans: NameSpan[] = [];
	for (const match of text.matchAll(RUN)) {
		const run = match[0];
		const found = /^\p{Script=Thai}/u.test(run) ? thaiNames(run, names) : hanNames(run, names);
		for (const [start, end] of found) spans.push({ start: match.index + start, end: match.index + end });
	}
	return spans;
}

function hanNames(run: string, names: ScriptNames): [number, number][] {
	const found: [number, number][] = [];
	const chars = [...run];
	const taken = (at: number) => found.some(([start, end]) => at >= start && at < end);
	for (let end = 1; end <= chars.length; end++) {
		const after = chars.slice(end).join('');
		const japanese = JAPANESE_HONORIFICS.some((cue) => after.startsWith(cue));
		const start = fullNameEnding(chars, end, names) ?? (HONORIFICS.some((cue) => after.startsWith(cue)) ? cuedNameEnding(chars, end, names, japanese) : undefined);
		if (start === undefined || taken(start)) continue;
		// The longest name that ends here replaces a shorter one inside it ("田中" in "田中美咲").
		while (found.length > 0 && (found.at(-1)?.[0] ?? -1) >= start) found.pop();
		found.push([start, end]);
	}
	return found.map(([start, end]) => [offset(chars, start), offset(chars, end)]);
}

/** Family name and a listed given name of two characters or more: "王伟宸", "田中美咲", "田中さくら". */
function fullNameEnding(chars: string[], end: number, names: ScriptNames): number | undefined {
	for (let given = MAX_GIVEN; given >= 2; given--) {
		if (!names.given.has(chars.slice(end - given, end).join('')) || names.words.has(chars.slice(end - given, end).join(''))) continue;
		for (let family = MAX_FAMILY; family >= 1; family--) {
			const start = end - given - family;
			if (start >= 0 && names.family.has(chars.slice(start, end - given).join(''))) return start;
		}
	}
	return undefined;
}

/**
 * Before an honorific: a listed family or given name, a family name with one or two characters
 * after it ("田中太郎さん"), or a word in katakana ("マイケルさん").
 * The honorific stays: it says nothing about who.
 */
function cuedNameEnding(chars: string[], end: number, names: ScriptNames, japanese: boolean): number | undefined {
	const text = (start: number) => chars.slice(start, end).join('');
	for (let length = MAX_FAMILY + MAX_GIVEN; length >= 1; length--) {
		const start = end - length;
		if (start < 0) continue;
		// A one-character given name ("学", Manabu) is a Japanese one: "数学老师" is a maths teacher.
		if (names.family.has(text(start)) || (names.given.has(text(start)) && (length > 1 || japanese))) return start;
	}
	for (let given = 1; given <= 2; given++) {
		for (let family = MAX_FAMILY; family >= 1; family--) {
			const start = end - given - family;
			if (start >= 0 && names.family.has(chars.slice(start, end - given).join('')) && /^\p{Script=Han}+$/u.test(chars.slice(end - given, end).join(''))) return start;
		}
	}
	for (let start = 0; start < end; start++) if (KATAKANA.test(text(start))) return start;
	return undefined;
}

/** After "คุณ", "พี่"…: the longest listed name; a listed first name and family name: both. */
function thaiNames(run: string, names: ScriptNames): [number, number][] {
	const found: [number, number][] = [];
	const parts = run.split(/([ \t])/u);
	let at = 0;
	parts.forEach((part, i) => {
		const cue = THAI_BEFORE.find((word) => part.startsWith(word) && part.length > word.length);
		const rest = cue ? part.slice(cue.length) : '';
		const name = cue ? [...names.given].filter((given) => given.length >= 2 && rest.startsWith(given)).sort((a, b) => b.length - a.length)[0] : undefined;
		if (name && cue) found.push([at + cue.length, at + cue.length + name.length]);
		else if (names.given.has(part) && names.family.has(parts[i + 2] ?? '')) found.push([at, at + part.length + 1 + (parts[i + 2]?.length ?? 0)]);
		at += part.length;
	});
	return found;
}

/** Index in UTF-16 units of the `count`th character. */
function offset(chars: string[], count: number): number {
	return chars.slice(0, count).join('').length;
}
