import { hangulNames } from './hangul-names';
import type { ScriptNameLists } from './script-name-list';
import type { NameSpan, ScriptNames } from './script-text';
import { spacedScriptNames } from './spaced-script-names';
import { unspacedNames } from './unspaced-names';

/** Finds names written in scripts other than Latin, as spans of the text it is given. */
export type ScriptNameFinder = (text: string) => NameSpan[];

const OTHER_SCRIPT = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;

export function createScriptNameFinder(lists: ScriptNameLists): ScriptNameFinder {
	const names: ScriptNames = { given: new Set(lists.given), family: new Set(lists.family), words: new Set(lists.words) };
	return (text) => (OTHER_SCRIPT.test(text) ? [...spacedScriptNames(text, names), ...hangulNames(text, names), ...unspacedNames(text, names)] : []);
}
