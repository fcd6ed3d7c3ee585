import { SPELLED_DOT, TLDS, UNSPACED, WEBMAIL } from './domain-names';
import type { ScrubRule } from './rule';

// Not in the middle of a word: "connor@…" in "o'connor@…" starts at the "o"; "'jane@…'" at the "j".
// Not in Chinese, Japanese, Korean or Thai letters, which touch an address in text without spaces
// ("メールはtaro@example.jp").
const LOCAL = `(?<!(?![${UNSPACED}])[\\p{L}\\p{N}._%+-])(?<!\\p{L}['’])(?![${UNSPACED}])[\\p{L}\\p{N}_%+-](?:(?![${UNSPACED}])[\\p{L}\\p{N}._%+'-]){0,63}`;
const DOMAIN = '(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.){1,8}(?:xn--[a-z0-9-]{1,59}|\\p{L}{2,24})';
const IPV4_LITERAL = '\\[\\d{1,3}(?:\\.\\d{1,3}){3}\\]';
const END = '(?![\\p{L}\\p{N}])';
/** "at" in brackets, or "@", in some languages: "[at]", "(@)", "{arroba}", "<chez>". */
const BRACKETED_AT = '[[({<]\\s{0,2}(?:at|@|arroba|chez|ät|snabel-?a|klammeraffe|sobaka|собака)\\s{0,2}[\\])}>]';
const SPOKEN_AT = '(?:at|arroba|chez|ät|sobaka|собака)';
const ANY_DOT = `(?:\\s{0,2}\\.\\s{0,2}|\\s{0,2}${SPELLED_DOT}\\s{0,2})`;
/** A local part spelled out too: "jane dot doe". */
const SPELLED_LOCAL = `${LOCAL}(?:\\s(?:dot|punto|point|punkt)\\s[\\p{L}\\p{N}_+-]{1,64}){0,3}`;

/** Words before a plain "at" that say where someone is, not whose address it is. */
const NOT_LOCAL = /^(?:i'm|in|on|is|are|was|were|be|am|im|me|us|it|him|her|them|you|we|they|all|now|here|there|that|this|log|logged|signed|sign|up|out|account|address|mail|email|e-mail|inbox|reach|find|contact|available|active|online|message|write|work|works|job)$/iu;

export const EMAIL_RULES: ScrubRule[] = [
	{
		// A typo'd "@@" or a provider without its domain ("jane@gmail") is still an address.
		kind: 'EMAIL',
		pattern: new RegExp(`(?:mailto:)?${LOCAL}@{1,2}(?:${DOMAIN}|${IPV4_LITERAL}|(?:${WEBMAIL})(?:,(?:com|net|org|fr|de|it|es|ru|jp|br|in))?(?![\\p{L}\\p{N}@-]|\\.[\\p{L}\\p{N}]|\\s{0,2}[.,]\\s{0,2}\\p{L}))${END}`, 'giu')
	},
	{ kind: 'EMAIL', pattern: new RegExp(`"[^"\\n]{1,64}"@${DOMAIN}${END}`, 'gu') },
	{
		// Spelled out to dodge filters: "jane.doe [at] example [dot] com", "jane (at) example.com",
		// "jane @ example . com", "jane@example[.]com", "jane-at-gmail-dot-com".
		kind: 'EMAIL',
		pattern: new RegExp(`${SPELLED_LOCAL}(?:\\s{0,2}${BRACKETED_AT}\\s{0,2}|\\s{0,2}@\\s{0,2}|-at-)(?:[\\p{L}\\p{N}-]{1,63}${ANY_DOT}){1,4}(?:${TLDS})${END}`, 'giu'),
		accept: (match) => (/\s@|@\s|\s\.|\.\s|[[({<]|-at-|\bdot\b/iu.test(match[0]) ? match[0].length : 0)
	},
	{
		// "jane at example dot com": the plain word "at" only with the dots spelled out too, or
		// "the slides are at example.com" would lose "are at".
		kind: 'EMAIL',
		pattern: new RegExp(`${SPELLED_LOCAL}\\s${SPOKEN_AT}\\s(?:[\\p{L}\\p{N}-]{1,63}\\s{0,2}${SPELLED_DOT}\\s{0,2}){1,4}(?:${TLDS})${END}`, 'giu')
	},
	{
		// "jane.doe at gmail.com", "jane at gmail": a name with a dot, digit or underscore, or a
		// mail provider after "at", is an address.
		kind: 'EMAIL',
		pattern: new RegExp(`${LOCAL}\\sat\\s(?:(?:${WEBMAIL})(?:\\.[a-z]{2,6}){0,2}|[\\p{L}\\p{N}-]{1,63}(?:\\.[\\p{L}\\p{N}-]{1,63}){0,3}\\.(?:${TLDS}))${END}(?!\\.[\\p{L}\\p{N}])`, 'giu'),
		accept: (match) => {
			const [local = '', domain = ''] = match[0].split(/\sat\s/iu);
			if (NOT_LOCAL.test(local)) return 0;
			// "jane AT example.com": "at" in capitals among lower-case words marks an address.
			if (/\sAT\s/u.test(match[0]) && local !== local.toUpperCase()) return match[0].length;
			const provider = new RegExp(`^(?:${WEBMAIL})(?:\\.|$)`, 'iu').test(domain);
			return provider || /[._\d+]/u.test(local) ? match[0].length : 0;
		}
	}
];
