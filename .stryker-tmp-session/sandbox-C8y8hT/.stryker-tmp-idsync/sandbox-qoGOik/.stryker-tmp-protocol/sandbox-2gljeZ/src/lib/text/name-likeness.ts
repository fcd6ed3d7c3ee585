// @ts-nocheck
// 
// 
import { cleanName } from './clean-name';

/**
 * Whether two names would pass for each other at a glance. A stranger who calls themselves
 * "Bоb" (Cyrillic о), "B o b" or "b0b" hopes to be taken for the contact Bob; comparing
 * skeletons (case, accents, spacing, punctuation and the common look-alike letters folded
 * away) catches the cheap tricks. It is a warning sign, not a proof: a name can still look
 * like another in some font; the short id shown beside a stranger's name is what tells them apart.
 */

/** Letters from other scripts (and digits) that common fonts draw like a Latin letter. */
const LOOKALIKES: Record<string, string> = {
	а: 'a', в: 'b', е: 'e', ё: 'e', һ: 'h', н: 'h', і: 'l', ї: 'l', ј: 'j', к: 'k', м: 'm', о: 'o', р: 'p', с: 'c', ѕ: 's', т: 't',
	у: 'y', х: 'x', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l',
	α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'l', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
	'0': 'o', '1': 'l', '5': 's', i: 'l', ı: 'l', ɩ: 'l'
};
/** Letter pairs that read as one letter in most fonts. */
const DIGRAPHS: [RegExp, string][] = [
	[/rn/g, 'm'],
	[/vv/g, 'w'],
	[/cl/g, 'd']
];
/** Below this many skeleton letters one different letter makes a different name (Bob, Rob). */
const MIN_LETTERS_FOR_NEAR_MATCH = 5;

/** The name with everything that does not change how it reads folded away. */
export function nameSkeleton(name: string): string {
	const plain = cleanName(name).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
	let out = '';
	for (const char of plain) out += LOOKALIKES[char] ?? char;
	out = out.replace(/[^\p{L}\p{N}\p{Extended_Pictographic}]/gu, '');
	for (const [pair, letter] of DIGRAPHS) out = out.replace(pair, letter);
	return out;
}

/** True when `a` could be mistaken for `b`: the same skeleton, or (for longer names) one letter apart. */
export function namesResemble(a: string, b: string): boolean {
	const x = nameSkeleton(a);
	const y = nameSkeleton(b);
	if (!x || !y) return false;
	if (x === y) return true;
	return Math.min(x.length, y.length) >= MIN_LETTERS_FOR_NEAR_MATCH && withinOneEdit(x, y);
}

function withinOneEdit(a: string, b: string): boolean {
	const x = Array.from(a);
	const y = Array.from(b);
	if (Math.abs(x.length - y.length) > 1) return false;
	let i = 0;
	let j = 0;
	let edits = 0;
	while (i < x.length && j < y.length) {
		if (x[i] === y[j]) {
			i++;
			j++;
			continue;
		}
		if (++edits > 1) return false;
		if (x.length > y.length) i++;
		else if (y.length > x.length) j++;
		else {
			i++;
			j++;
		}
	}
	return edits + (x.length - i) + (y.length - j) <= 1;
}
