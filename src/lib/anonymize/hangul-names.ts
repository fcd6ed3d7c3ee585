import { CUES_BEFORE } from './script-cues';
import type { NameSpan, ScriptNames } from './script-text';

/**
 * Korean names: Korean spaces its words, but a particle or an honorific is written onto the name
 * ("민준이랑", "서연씨가", "김민준한테"). A word is a name when it opens with a family name and a
 * listed given name, or with a listed given name before "씨"/"님", or with a listed given name
 * that is no everyday word ("하늘" is the sky) and only particles after it.
 */
const WORD = /\p{Script=Hangul}+/gu;
const HONORIFICS = ['씨', '님'];
/** Particles written onto a noun, with the "이" Korean puts after a name ending in a consonant. */
const PARTICLES = new Set(
	'이 가 은 는 을 를 의 도 와 과 랑 이랑 한테 에게 께 께서 아 야 이야 이여 만 부터 까지 처럼 보다 하고 이는 이가 이를 이도 이한테 이에게 이의 이랑은 이처럼 이하고 이만'.split(' ')
);
const GREETINGS = new Set(['안녕', '안녕하세요', '고마워', '고마워요', '감사합니다', ...CUES_BEFORE]);

export function hangulNames(text: string, names: ScriptNames): NameSpan[] {
	const spans: NameSpan[] = [];
	let previous = '';
	for (const match of text.matchAll(WORD)) {
		const word = match[0];
		const next = text.slice(match.index + word.length).match(/^\s{1,2}(\p{Script=Hangul}+)/u)?.[1] ?? '';
		const length = nameLength(word, names, { greeted: GREETINGS.has(previous), titled: HONORIFICS.some((cue) => next.startsWith(cue)) });
		if (length > 0) spans.push({ start: match.index, end: match.index + length });
		previous = word;
	}
	return spans;
}

/** How much of the word is a name, in characters (Hangul syllables are one UTF-16 unit each). */
function nameLength(word: string, names: ScriptNames, cues: { greeted: boolean; titled: boolean }): number {
	for (let length = Math.min(4, word.length); length >= 1; length--) {
		const name = word.slice(0, length);
		const rest = word.slice(length);
		const titled = HONORIFICS.some((cue) => rest.startsWith(cue)) || (rest === '' && cues.titled);
		if (!titled && rest !== '' && !PARTICLES.has(rest)) continue;
		if (isFullName(name, names, titled)) return length;
		if (length >= 2 && names.given.has(name) && (titled || cues.greeted || !names.words.has(name))) return length;
		// "김 씨", "박씨": a family name alone only before the honorific.
		if (length === 1 && names.family.has(name) && titled) return length;
	}
	return 0;
}

/** "김민준", "남궁서연"; with a one-syllable given name ("이윤") only before an honorific. */
function isFullName(name: string, names: ScriptNames, honorific: boolean): boolean {
	for (let family = 1; family <= 2 && family < name.length; family++) {
		const given = name.slice(family);
		if (names.family.has(name.slice(0, family)) && names.given.has(given) && (given.length >= 2 || honorific) && !names.words.has(name)) return true;
	}
	return false;
}
