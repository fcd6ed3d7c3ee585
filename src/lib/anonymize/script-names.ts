import { hangulNames } from './hangul-names';
import type { ScriptNameLists } from './script-name-list';
import { scriptOf, type NameSpan, type ScriptNames } from './script-text';
import { spacedScriptNames } from './spaced-script-names';
import { unspacedNames } from './unspaced-names';

/** Finds names written in scripts other than Latin, as spans of the text it is given. */
export interface ScriptNameFinder {
	find: (text: string) => NameSpan[];
	/**
	 * A word in one of those scripts: the word-by-word finder, made for Latin text, guesses names there
	 * from shapes ("передай", "Привет," opening a message) that these scripts do not share.
	 */
	reads: (word: string) => boolean;
}

const OTHER_SCRIPT = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;

export function createScriptNameFinder(lists: ScriptNameLists): ScriptNameFinder {
	const names: ScriptNames = { given: new Set(lists.given), family: new Set(lists.family), words: new Set(lists.words) };
	return {
		find: (text) => (OTHER_SCRIPT.test(text) ? [...spacedScriptNames(text, names), ...hangulNames(text, names), ...unspacedNames(text, names)] : []),
		reads: (word) => scriptOf(word) !== 'other'
	};
}
