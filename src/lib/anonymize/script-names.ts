import { hangulNames } from './hangul-names';
import type { ScriptNameLists } from './script-name-list';
import { CUES_AFTER, CUES_BEFORE } from './script-cues';
import { nameKey, scriptOf, type NameSpan, type ScriptNames } from './script-text';
import { spacedScriptNames } from './spaced-script-names';
import { unspacedNames } from './unspaced-names';

/** Finds names written in scripts other than Latin, as spans of the text it is given. */
export interface ScriptNameFinder {
	find: (text: string) => NameSpan[];
	/** A greeting or an everyday word of those scripts ("Привет"): the word-by-word finder's guess is wrong. */
	isWord: (word: string) => boolean;
}

const OTHER_SCRIPT = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;

export function createScriptNameFinder(lists: ScriptNameLists): ScriptNameFinder {
	const names: ScriptNames = { given: new Set(lists.given), family: new Set(lists.family), words: new Set(lists.words) };
	return {
		find: (text) => (OTHER_SCRIPT.test(text) ? [...spacedScriptNames(text, names), ...hangulNames(text, names), ...unspacedNames(text, names)] : []),
		isWord: (word) => {
			const key = nameKey(word);
			if (scriptOf(word) === 'other') return false;
			return names.words.has(key) || CUES_BEFORE.has(key) || CUES_AFTER.has(key);
		}
	};
}
