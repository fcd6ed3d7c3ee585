import { PEER_ID_LENGTH, PEER_ID_PREFIX } from '../ids/peer-id';
import { trimTrailingPunctuation, type ScrubRule } from './rule';

/**
 * Our own identifiers, and anything shaped like a key or a device id, become `[ID]`: a peer id is a
 * stable pseudonym that links the text back to one person, a contact link carries one, a safety
 * number names a pair of keys. Run before the link and phone rules, which would otherwise take
 * their parts as a `[URL]` or a `[PHONE]` and leave the rest.
 */
const PEER_ID = `${PEER_ID_PREFIX}[a-z2-7]{${PEER_ID_LENGTH - 1}}`;
const EDGE_BEFORE = '(?<![\\p{L}\\p{N}_])';
const EDGE_AFTER = '(?![\\p{L}\\p{N}_])';

export const ID_RULES: ScrubRule[] = [
	{
		// A contact link ("https://host/#add=p…&name=…") or its bare fragment, whole.
		kind: 'ID',
		pattern: new RegExp(`(?:[a-z][a-z0-9+.-]{1,20}://[^\\s#<>"]{0,500})?#?&?add=${PEER_ID}[^\\s<>"]{0,600}`, 'giu'),
		accept: (match) => trimTrailingPunctuation(match[0])
	},
	{ kind: 'ID', pattern: /parley-safety:\d{1,3}:\d{1,120}/giu },
	{ kind: 'ID', pattern: new RegExp(`${EDGE_BEFORE}${PEER_ID}${EDGE_AFTER}`, 'giu') },
	// A peer id as the app shortens it for display: four symbols, an ellipsis, four symbols.
	{ kind: 'ID', pattern: new RegExp(`${EDGE_BEFORE}[a-z2-7]{4}(?:…|\\.\\.\\.)[a-z2-7]{4}${EDGE_AFTER}`, 'giu'), accept: (m) => (/\d/.test(m[0]) ? m[0].length : 0) },
	// A safety number: 60 digits, as shown in 12 groups of 5 or pasted in one run.
	{ kind: 'ID', pattern: /(?<!\d)\d{5}(?:[ \t-]?\d{5}){11}(?!\d)/gu },
	{ kind: 'ID', pattern: new RegExp(`${EDGE_BEFORE}[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}${EDGE_AFTER}`, 'giu') },
	// A MAC address: a device identifier.
	{ kind: 'ID', pattern: /(?<![\p{L}\p{N}_:-])[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}(?![\p{L}\p{N}_:-])/giu },
	{
		// Keys, hashes and tokens in hex, base32 or base64: long runs that mix letters and digits.
		kind: 'ID',
		pattern: /(?<![\p{L}\p{N}+/_=-])[A-Za-z0-9+/_-]{32,1000}={0,2}(?![\p{L}\p{N}+/_=-])/gu,
		accept: (match) => (/\d/.test(match[0]) && /[A-Za-z]/.test(match[0]) && !isWordChain(match[0]) ? match[0].length : 0)
	},
	// An IBAN: country, check digits, then the account in groups of four.
	{ kind: 'ID', pattern: /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![\p{L}\p{N}])/gu },
	{
		// A payment card: 4-4-4-4(-3) or Amex 4-6-5, kept only when the Luhn check holds.
		kind: 'ID',
		pattern: /(?<![\p{N}+])(?:\d{4}([ -]?)\d{4}\1\d{4}\1\d{1,7}|\d{4}[ -]?\d{6}[ -]?\d{5})(?!\p{N})/gu,
		accept: (match) => (luhnValid(match[0].replace(/\D/g, '')) ? match[0].length : 0)
	}
];

/** "release-notes-2024-final-v2": words and numbers joined by dashes, not a key. */
function isWordChain(token: string): boolean {
	const parts = token.split(/[-_]/);
	return parts.length >= 4 && parts.every((part) => /^(?:[A-Za-z]+|\d+|[A-Za-z]\d{1,2})$/.test(part));
}

export function luhnValid(digits: string): boolean {
	if (digits.length < 13 || digits.length > 19) return false;
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let digit = Number(digits[digits.length - 1 - i]);
		if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
		sum += digit;
	}
	return sum % 10 === 0;
}
