import { FILE_LIKE_TLDS, LABEL, SPELLED_DOT, TLDS, UNSPACED } from './domain-names';
import { trimTrailingPunctuation, type ScrubRule } from './rule';

const PATH = `(?:[/?#][^\\s<>"]{0,2000})?`;
const NOT_AFTER_WORD = `(?<!(?![${UNSPACED}])[\\p{L}\\p{N}_@.-])`;
const NOT_BEFORE_WORD = `(?!(?![${UNSPACED}])[\\p{L}\\p{N}_-])`;
const PORT = '(?::\\d{1,5})?';
/** Extensions of files and code, never a top-level domain before a "/": "Node.js/Deno", "notes.txt/". */
const FILE_EXTENSIONS = new Set(['js', 'ts', 'jsx', 'tsx', 'mjs', 'cjs', 'py', 'rb', 'go', 'rs', 'md', 'txt', 'json', 'yaml', 'yml', 'html', 'htm', 'css', 'cpp', 'hpp', 'java', 'kt', 'swift', 'php', 'sh', 'exe', 'dll', 'so', 'zip', 'tar', 'gz', 'png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'csv', 'mp3', 'mp4', 'mov', 'wav', 'log', 'cfg', 'ini', 'conf', 'lock', 'toml', 'xml', 'sql', 'db', 'vue', 'svelte', 'net', 'config', 'min', 'bak', 'old', 'tmp', 'env']);
/** First words of "the dot com bubble", "a dot in the box": a spoken " dot " after them is no link. */
const NOT_A_HOST = /^(?:the|a|an|this|that|one|each|every|no|any|some|red|blue|green|black|white|little|small|big|polka|final|last)$/iu;

function linkLength(match: RegExpExecArray): number {
	return trimTrailingPunctuation(match[0]);
}

/**
 * A bare domain in a known top-level domain. The top-level part is in lower case, or the whole name
 * in capitals ("EXAMPLE.COM"), so "ok.So" typed without a space is not a link; a capitalised name
 * alone is a shop named in a sentence ("Booking.com", "Bol.com order") unless a path, a port or a
 * sub-domain follows it. One that is also a file extension ("main.py", "lib.rs") needs a path or a
 * second-level domain ("uol.com.py").
 */
function bareDomainLength(match: RegExpExecArray): number {
	const host = /^[^/?#:]*/u.exec(match[0])?.[0] ?? '';
	const labels = host.split('.');
	const tld = labels[labels.length - 1] ?? '';
	const capitals = host !== host.toLowerCase() && host !== host.toUpperCase();
	if (capitals && (tld !== tld.toLowerCase() || (labels.length < 3 && host.length === match[0].length))) return 0;
	if (FILE_LIKE_TLDS.has(tld.toLowerCase()) && !/[/:]/u.test(match[0].slice(host.length, host.length + 1)) && !/^(?:com|org|net|edu|gov|co|ac)$/iu.test(labels[labels.length - 2] ?? '')) return 0;
	return linkLength(match);
}

/** "example[.]com", "www(dot)example(dot)org", "example dot com". */
function spelledDomainLength(match: RegExpExecArray): number {
	const text = match[0];
	if (/[[({<]/u.test(text)) return linkLength(match);
	const spoken = text.split(/\s(?:dot|punto|point|punkt|ponto|nokta|titik)\s/iu);
	if (spoken.length < 2 || NOT_A_HOST.test(spoken[0] ?? '')) return 0;
	return spoken.length > 2 || /^(?:com|net|org|io|edu|gov)\b/iu.test(spoken[spoken.length - 1] ?? '') ? linkLength(match) : 0;
}

/** "my-site.example/blog": a top-level domain no list knows, when a path follows it. */
function unknownDomainLength(match: RegExpExecArray): number {
	const host = /^[^/]*/u.exec(match[0])?.[0] ?? '';
	const tld = host.slice(host.lastIndexOf('.') + 1);
	return tld === tld.toLowerCase() && !FILE_EXTENSIONS.has(tld) ? linkLength(match) : 0;
}

export const URL_RULES: ScrubRule[] = [
	{ kind: 'URL', pattern: new RegExp(`${NOT_AFTER_WORD}[a-z][a-z0-9+.-]{1,20}://[^\\s<>"]{1,2000}`, 'giu'), accept: linkLength },
	{ kind: 'URL', pattern: new RegExp(`${NOT_AFTER_WORD}www\\.${LABEL}(?:\\.${LABEL}){0,7}${PORT}${NOT_BEFORE_WORD}${PATH}`, 'giu'), accept: linkLength },
	{ kind: 'URL', pattern: new RegExp(`${NOT_AFTER_WORD}(?:${LABEL}\\.){1,8}(?:${TLDS})${PORT}${NOT_BEFORE_WORD}${PATH}`, 'giu'), accept: bareDomainLength },
	{ kind: 'URL', pattern: new RegExp(`${NOT_AFTER_WORD}(?<!/)(?:${LABEL}\\.){1,6}[a-z]{2,24}/[^\\s<>"]{1,2000}`, 'giu'), accept: unknownDomainLength },
	{
		kind: 'URL',
		pattern: new RegExp(`${NOT_AFTER_WORD}${LABEL}(?:(?:\\.|${SPELLED_DOT})${LABEL}){0,6}${SPELLED_DOT}(?:${TLDS})${NOT_BEFORE_WORD}${PATH}`, 'giu'),
		accept: spelledDomainLength
	}
];

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|0\\d\\d|[1-9]?\\d)';
const NOT_WORD_BEFORE = `(?<!(?![${UNSPACED}])[\\p{L}\\p{N}_.])`;
const NOT_WORD_AFTER = `(?!(?![${UNSPACED}])[\\p{L}\\p{N}_])`;
/**
 * "version 1.2.3.4", "section 12.3.4.5", "1.2.3.4-beta": four numbers that name a release or a part.
 * Whole words only: "ver" ends "server", and "server 10.1.2.3" is an address.
 */
const VERSION_BEFORE = /(?<![\p{L}\p{N}_])(?:v|version|ver\.?|build|release|firmware|fw|kernel|update|patch|section|chapter|§|par\.?|clause|article|step|rule|figure|fig\.?|table)\s{0,2}$/iu;
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;

export const IP_RULES: ScrubRule[] = [
	{
		// A candidate run of hex groups and colons; whether it is an address is decided in code.
		kind: 'IP',
		pattern: new RegExp(`(?<!(?![${UNSPACED}])[\\p{L}\\p{N}_.]|(?<!\\p{L}):)\\[?(?:[0-9a-f]{0,4}:){2,7}(?:${IPV4}|[0-9a-f]{0,4})(?:%[a-z0-9]{1,16})?(?:\\](?::\\d{1,5})?|/\\d{1,3})?${NOT_WORD_AFTER}(?!:)`, 'giu'),
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
