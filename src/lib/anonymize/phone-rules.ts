import { endsFree, extensionLength, startsFree } from './phone-context';
import type { ScrubRule } from './rule';

/**
 * Phone numbers in international form (+44 20 7946 0958, 0049 30 1234567) and the national forms
 * people type (US (555) 123-4567, UK 07700 900123, DE 030/1234567, FR 06 12 34 56 78, IN 98765 43210,
 * BR (11) 91234-5678, JP 090-1234-5678, CN 138 0013 8000). A loose pattern finds runs of digits and
 * separators; `phoneLength` then decides, because what separates a phone from a date, a price, a
 * version or an order number is its shape and the words around it, not a character class.
 */
const CANDIDATE = /(?<![\p{N}+])(?![ \t])\(?(?:\+|00)?[ \t]?\d(?:[ \t.\-–—/()]{0,3}\d){5,19}\)?(?!\p{N})/gu;
/** A second number listed after one already replaced: "0612345678 / 0698765432", "…123,07700…". */
const LISTED = /(?<=\[PHONE\][ \t]{0,2}[/,;|&][ \t]{0,2})\(?(?:\+|00)?[ \t]?\d(?:[ \t.\-–—/()]{0,3}\d){5,19}\)?(?!\p{N})/gu;

/** A short group at the end, or a whole second number after "/" ("0612345678/0698765432"). */
const LAST_GROUP = /(?:[ \t.\-–—/()]+\d{1,3}|[ \t]{0,2}\/[ \t]{0,2}\(?\d[\d \t.\-()]{6,40})\)?$/u;
const CUE_BEFORE =
	/(?:phone|call|ring|tel|telephone|mobile|mob|cell|cellphone|whats\s?app|signal|viber|telegram|text\s+me|sms|number|fax|handy|téléphone|portable|telefone|telefon|teléfono|telefono|cellulare|numero|número|nummer|numer|celular|móvil|movil|tlf|gsm|puhelin|номер|тел|телефон|τηλ|رقم|هاتف|جوال|موبايل|تلفن|شماره|नंबर|फोन|নম্বর|মোবাইল|전화|번호|연락처|โทร|เบอร์|điện\s+thoại|sđt|sdt|nomor|telp|電話|手机|手機|电话|号码|携帯|reach\s+me|contact)[^\p{N}]{0,20}$/iu;
// Whole words: "id" ending "Khalid", "ph" ending "Joseph" or "card" ending "Ricard" is a name, not a cue.
const NOT_PHONE_BEFORE =
	/(?<![\p{L}\p{N}])(?:order|invoice|ticket|ref|reference|tracking|receipt|isbn|issn|serial|account|acct|case|booking|confirmation|pnr|parcel|package|shipment|transaction|tx|id|code|pin|otp|zip|postcode|version|ver|build|release|iban|card|flight|room|seat|gate|model|part|item|sku|article|no\.|nr\.|#|№)(?:-1[03])?\s{0,3}(?:number|num|no\.?|nr\.?|id)?\s{0,3}[:#]?\s{0,3}$/iu;
const PHONE_NUMBER_BEFORE =
	/(?<![\p{L}\p{N}])(?:(?:my|ur|your|his|her|their|our|new)\s+(?=no\b|nr\b|num\b)|phone|ph|mobile|mob|cell|tel|telephone|handy|contact|whats\s?app|fax|telefon|téléphone|celular|teléfono|telefone)\.?[\s-]{0,3}(?:number|num\.?|no\.?|nr\.?|#)?\s{0,3}[:#]?\s{0,3}$/iu;
const UNIT_AFTER =
	/^\s{0,2}(?:[$€£¥₹%‰°]|(?:eur|euros?|usd|gbp|jpy|inr|brl|cny|rmb|dollars?|pounds?|yen|rupees?|reais|reals?|yuan|km|kg|g|mg|m|cm|mm|mi|miles?|ft|lbs?|people|persons?|users?|views?|times|years?|days?|hours?|minutes?|seconds?|ms|bytes?|kb|mb|gb|tb|steps|points|pts|votes|words|lines|rows|items|units|pcs|calories|kcal|downloads|stars|followers|likes)(?![\p{L}]))/iu;

const DAY_FIRST = /(?<![\d./-])(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?!\d|[./-]\d)/gu;
const YEAR_FIRST = /(?<![\d./-])((?:19|20)\d{2})[./-](\d{1,2})[./-](\d{1,2})(?!\d|[./-]\d)/gu;
const TIME_RANGE = /^\d{1,2}[.:h]\d{2}\s{0,2}[-–/]\s{0,2}\d{1,2}[.:h]\d{2}$/u;
const THOUSANDS = /^\d{1,3}(?:[ .]\d{3}){1,4}$/u;
const YEARS = /^(?:(?:19|20)\d{2}[\s./–—-]{0,3}){2,}$/u;
const DECIMAL = /^\d+\.\d+$/u;
const DAY_MONTH_PAIRS = /^\d{1,2}[./]\d{1,2}\s{0,2}[-–]\s{0,2}\d{1,2}[./]\d{1,2}$/u;

export const PHONE_RULES: ScrubRule[] = [
	{ kind: 'PHONE', pattern: CANDIDATE, accept: phoneLength, resume: nextTrunkStart },
	{ kind: 'PHONE', pattern: LISTED, accept: (match, text) => phoneLength(match, text, true) }
];

/**
 * Where to look again after a refused run: at a "+" or trunk "0" after a space inside it, so a
 * number before a phone ("room 12 0612345678", a date) does not hide the phone.
 */
function nextTrunkStart(match: RegExpExecArray): number {
	const at = match[0].slice(1).search(/[ \t](?=\(?[+0]\d)/u);
	return at < 0 ? match[0].length : at + 2;
}

/** How many characters of the candidate at `match` are a phone number (0: none of them). */
export function phoneLength(match: RegExpExecArray, text: string, listed = false): number {
	const before = text.slice(Math.max(0, match.index - 40), match.index);
	if (!listed && !startsFree(before)) return 0;
	// "+44 …" is dialled whatever the word before it; "order no." is no phone, "Tel. No." is.
	if (!match[0].startsWith('+') && NOT_PHONE_BEFORE.test(before) && !PHONE_NUMBER_BEFORE.test(before)) return 0;
	const cued = listed || CUE_BEFORE.test(before);
	// A longer run may be a phone followed by another number ("0612345678 2 times"): try shorter
	// spans, cutting whole groups from the end.
	let candidate = match[0].replace(/[ \t]+$/, '');
	for (let tries = 0; tries < 6 && candidate.length > 0; tries++) {
		const after = text.slice(match.index + candidate.length, match.index + candidate.length + 24);
		if (endsFree(after) && isPhone(candidate, after, cued)) return candidate.length + extensionLength(after);
		const cut = candidate.search(LAST_GROUP);
		if (cut <= 0) break;
		candidate = candidate.slice(0, cut);
	}
	return 0;
}

export function isPhone(candidate: string, after: string, cued: boolean): boolean {
	const digits = candidate.replace(/\D/g, '');
	const international = /^\(?\s?(?:\+|00)/.test(candidate);
	if (digits.length < 7 || digits.length > (international ? 17 : 15)) return false;
	if (UNIT_AFTER.test(after)) return false;
	const body = candidate.trim();
	if (containsDate(body) || TIME_RANGE.test(body) || YEARS.test(body) || DAY_MONTH_PAIRS.test(body)) return false;
	if (international) return digits.length >= 8;
	if (digits.length === 13 && /^97[89]/.test(digits)) return false; // an ISBN-13
	if (DECIMAL.test(body) || (THOUSANDS.test(body) && !cued && !looksDialled(body))) return false;
	// "(0)" is the trunk prefix written inside an international number: not a group of its own.
	const groups = body.replace(/\(0\)/g, '').split(/[^\d]+/).filter((group) => group !== '');
	// One one-digit group in a long number is a mobile prefix ("(11) 9 8765-4321" in Brazil).
	const single = groups.slice(1).filter((group) => group.length < 2).length;
	if (single > 1 || (single === 1 && digits.length < 10)) return false;
	// Dots only, with a one-digit group: a release ("Chrome 124.0.6367.207"), not that mobile prefix.
	if (single === 1 && /^[\d.]+$/u.test(body)) return false;
	if (groups.length === 1) return plainRunIsPhone(digits, cued);
	return true;
}

/**
 * Grouped by threes, yet no amount: it starts with a trunk "0" ("07 700 900 123", "03 123 456"), or
 * it is three groups of three starting 5–9 with no round "000" group (mobiles in Spain, Portugal,
 * Poland, Czechia: "612 345 678", "912 345 678"; "600 000 000" stays an amount).
 */
function looksDialled(body: string): boolean {
	if (body.startsWith('0')) return true;
	return /^[5-9]\d\d[ .]\d{3}[ .]\d{3}$/u.test(body) && !/[ .]000(?!\d)/u.test(body);
}

/**
 * A mobile number with its country code but no "+", as WhatsApp links and contact cards write it
 * ("447911123456", "919876543210", "8613800138000"): the code, then that country's mobile prefix.
 */
const MOBILE_WITHOUT_PLUS =
	/^(?:447\d{9}|91[6-9]\d{9}|861[3-9]\d{9}|491[5-7]\d{8,9}|33[67]\d{8}|34[67]\d{8}|393\d{8,9}|55\d\d9\d{8}|234[789][01]\d{8}|27[6-8]\d{8}|2547\d{8}|628\d{8,10}|639\d{9}|521\d{10}|614\d{8}|1[2-9]\d{9}|79\d{9}|905\d{9}|923\d{9}|8801\d{9}|9715\d{8}|9665\d{8}|201\d{9}|81[789]0\d{8}|8210\d{8}|84[35789]\d{8}|316\d{8}|48[4-8]\d{8})$/u;

/** An unbroken run of digits is a phone only in the shapes mobiles are written in, or when cued. */
function plainRunIsPhone(digits: string, cued: boolean): boolean {
	if (cued) return true;
	if (digits.length === 11 && /^1[3-9]/.test(digits)) return true; // CN mobile
	if (digits.length >= 10 && digits.length <= 12 && digits.startsWith('0')) return true; // trunk 0: UK, DE, FR, JP, IN, BR
	if (digits.length === 10 && /^[2-9]/.test(digits)) return true; // NANP
	return MOBILE_WITHOUT_PLUS.test(digits);
}

/** A calendar date inside the candidate ("15.01.2024", "2024-01-15", "1/2/24"); "01.35.57" is not one. */
export function containsDate(body: string): boolean {
	for (const match of body.matchAll(DAY_FIRST)) {
		const [a, b] = [Number(match[1]), Number(match[2])];
		// Day-month or month-day: either order names a date when both fit.
		if (a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31))) return true;
	}
	for (const match of body.matchAll(YEAR_FIRST)) {
		const [month, day] = [Number(match[2]), Number(match[3])];
		if (month >= 1 && month <= 12 && day >= 1 && day <= 31) return true;
	}
	return false;
}
