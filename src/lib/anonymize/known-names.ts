import type { ScrubRule } from './rule';

/**
 * What the exporter's app knows about the people in an export: their display names, the user's
 * nicknames for them, group members' names, their handles. These are replaced wherever they occur,
 * whatever the NLP engine thinks of them.
 */
export interface KnownPeople {
	names?: readonly string[];
	handles?: readonly string[];
}

const MAX_KNOWN = 5000;
const MAX_NAME_CHARS = 64;
const EDGE_BEFORE = '(?<![\\p{L}\\p{N}_])';
const EDGE_AFTER = '(?![\\p{L}\\p{N}_])';

/**
 * A full name is matched in any case ("alice smith"); its parts ("Alice", "Smith") only as written
 * with a capital, so a contact called "Rose Field" does not turn every "field" into a placeholder.
 */
export function knownPeopleRules(people: KnownPeople): ScrubRule[] {
	const rules: ScrubRule[] = [];
	const handles = variants(people.handles ?? []);
	if (handles.length > 0) rules.push({ kind: 'HANDLE', pattern: alternation(handles, 'giu') });
	const names = (people.names ?? []).slice(0, MAX_KNOWN).map((name) => name.normalize('NFKC').trim().slice(0, MAX_NAME_CHARS)).filter((name) => /\p{L}/u.test(name));
	const whole = variants(names);
	if (whole.length > 0) rules.push({ kind: 'PERSON', pattern: alternation(whole, 'giu') });
	const parts = variants(names.flatMap((name) => (/\s/.test(name) ? name.split(/\s+/) : [])).filter((part) => /^\p{Lu}\p{L}/u.test(part) && part.length >= 3));
	if (parts.length > 0) rules.push({ kind: 'PERSON', pattern: alternation(parts, 'gu') });
	return rules;
}

/** Each name as written and without its accents ("José" also matches "Jose"), longest first. */
function variants(words: readonly string[]): string[] {
	const all = new Set<string>();
	for (const word of words) {
		const trimmed = word.normalize('NFKC').trim().replace(/^@/, '');
		if (trimmed.length < 2) continue;
		all.add(trimmed);
		all.add(trimmed.normalize('NFD').replace(/\p{M}/gu, ''));
	}
	return [...all].sort((a, b) => b.length - a.length);
}

function alternation(words: readonly string[], flags: string): RegExp {
	const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/\s+/g, '\\s{1,3}'));
	return new RegExp(`${EDGE_BEFORE}@?(?:${escaped.join('|')})${EDGE_AFTER}`, flags);
}
