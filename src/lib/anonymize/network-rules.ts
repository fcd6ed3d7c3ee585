import { trimTrailingPunctuation, type ScrubRule } from './rule';

/**
 * Top-level domains a bare "example.com" may end in. A closed list, not "any letters": "Node.js",
 * "file.txt" or "e.g." must stay text. Matched in lower case only, so "ok.So" typed without a space
 * is not a link.
 */
const TLDS =
	'com|net|org|edu|gov|mil|int|info|biz|name|pro|io|dev|app|ai|co|me|tv|fm|ly|gg|xyz|online|site|tech|store|shop|blog|news|page|link|live|life|world|club|top|cloud|email|social|chat|asia|eu|' +
	'us|uk|de|fr|es|it|nl|be|ch|at|se|no|dk|fi|pl|cz|sk|hu|ro|bg|gr|pt|ie|is|ee|lv|lt|ua|ru|by|tr|il|ae|sa|ir|pk|in|bd|lk|np|cn|hk|tw|jp|kr|vn|th|id|my|ph|sg|au|nz|ca|mx|br|ar|cl|pe|ve|za|ng|ke|gh|eg|ma|tz|ug';

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DOMAIN = `(?:${LABEL}\\.){1,8}(?:${TLDS})`;
const PATH = `(?:[/?#][^\\s<>"]{0,2000})?`;
const SPELLED_DOT = '(?:[[({<]\\s{0,2}dot\\s{0,2}[\\])}>]|\\sdot\\s)';
const NOT_AFTER_WORD = '(?<![\\p{L}\\p{N}_@.-])';

function linkLength(match: RegExpExecArray): number {
	return trimTrailingPunctuation(match[0]);
}

export const EMAIL_RULES: ScrubRule[] = [
	{
		kind: 'EMAIL',
		pattern: new RegExp(`[\\p{L}\\p{N}._%+-]{1,64}@(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.){1,8}\\p{L}{2,24}(?![\\p{L}\\p{N}])`, 'gu')
	},
	{
		// Spelled out to dodge filters: "jane.doe [at] example [dot] com", "jane (at) example.com".
		kind: 'EMAIL',
		pattern: new RegExp(`[\\p{L}\\p{N}._+-]{1,64}\\s{0,2}[[({<]\\s{0,2}at\\s{0,2}[\\])}>]\\s{0,2}(?:[\\p{L}\\p{N}-]{1,63}\\s{0,2}(?:\\.|${SPELLED_DOT})\\s{0,2}){1,4}(?:${TLDS})(?![\\p{L}\\p{N}])`, 'giu')
	},
	{
		// "jane at example dot com": the plain word "at" only with the dots spelled out too, or
		// "the slides are at example.com" would lose "are at".
		kind: 'EMAIL',
		pattern: new RegExp(`[\\p{L}\\p{N}._+-]{1,64}\\sat\\s(?:[\\p{L}\\p{N}-]{1,63}\\s{0,2}${SPELLED_DOT}\\s{0,2}){1,4}(?:${TLDS})(?![\\p{L}\\p{N}])`, 'giu')
	}
];

export const URL_RULES: ScrubRule[] = [
	{ kind: 'URL', pattern: new RegExp(`${NOT_AFTER_WORD}[a-z][a-z0-9+.-]{1,20}://[^\\s<>"]{1,2000}`, 'giu'), accept: linkLength },
	{ kind: 'URL', pattern: new RegExp(`${NOT_AFTER_WORD}www\\.${DOMAIN}(?::\\d{1,5})?${PATH}`, 'giu'), accept: linkLength },
	{ kind: 'URL', pattern: new RegExp(`${NOT_AFTER_WORD}${DOMAIN}(?::\\d{1,5})?(?![\\p{L}\\p{N}_-])${PATH}`, 'gu'), accept: linkLength }
];

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|0\\d\\d|[1-9]?\\d)';
/** Letters of scripts without spaces between words may touch an address ("服务器192.168.1.1"). */
const UNSPACED = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\p{Script=Thai}';
const NOT_WORD_BEFORE = `(?<!(?![${UNSPACED}])[\\p{L}\\p{N}_.])`;
const NOT_WORD_AFTER = `(?!(?![${UNSPACED}])[\\p{L}\\p{N}_])`;
/** "version 1.2.3.4", "section 12.3.4.5", "1.2.3.4-beta": four numbers that name a release or a part. */
const VERSION_BEFORE = /(?:\bv|version|ver\.?|build|release|firmware|fw|kernel|update|patch|section|chapter|§|par\.?|clause|article|step|rule|figure|fig\.?|table)\s{0,2}$/iu;
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;

export const IP_RULES: ScrubRule[] = [
	{
		// A candidate run of hex groups and colons; whether it is an address is decided in code.
		kind: 'IP',
		pattern: new RegExp(`(?<!(?![${UNSPACED}])[\\p{L}\\p{N}_:.])\\[?(?:[0-9a-f]{0,4}:){2,7}(?:${IPV4}|[0-9a-f]{0,4})(?:%[a-z0-9]{1,16})?(?:\\](?::\\d{1,5})?|/\\d{1,3})?${NOT_WORD_AFTER}(?!:)`, 'giu'),
		accept: (match) => (isIpv6(match[0]) ? match[0].length : 0)
	},
	{
		kind: 'IP',
		pattern: new RegExp(`${NOT_WORD_BEFORE}${IPV4}(?:/\\d{1,2})?(?::\\d{1,5})?${NOT_WORD_AFTER}(?!\\.\\d|-[a-z])`, 'giu'),
		accept: (match, text) => (VERSION_BEFORE.test(text.slice(Math.max(0, match.index - 12), match.index)) ? 0 : match[0].length)
	}
];

export function isIpv6(candidate: string): boolean {
	const bare = candidate.replace(/^\[|\](?::\d+)?$|\/\d+$/g, '').replace(/%.*$/, '');
	const withV4 = /\d+\.\d+\.\d+\.\d+$/.test(bare);
	const groups = bare.split(':');
	const compressed = bare.indexOf('::');
	if (compressed !== bare.lastIndexOf('::')) return false;
	const wanted = withV4 ? 7 : 8;
	if (compressed < 0) {
		if (groups.length !== wanted) return false;
		return groups.every((group, i) => (withV4 && i === groups.length - 1) || /^[0-9a-f]{1,4}$/i.test(group));
	}
	// "::" stands for at least one zero group; a time like "10::" is not written by anyone.
	const named = groups.filter((group) => group !== '');
	return named.length < wanted && named.every((group, i) => (withV4 && i === named.length - 1) || /^[0-9a-f]{1,4}$/i.test(group)) && bare.length >= 3;
}
