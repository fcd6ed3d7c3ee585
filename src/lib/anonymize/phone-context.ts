/**
 * What stands around a phone number in chat: a label glued to it ("tel:", "mob-", "whatsapp+44…"),
 * an extension after it ("ext. 12", "x12"), and the letters of scripts written without spaces
 * ("电话13800138000", "เบอร์081-234-5678ค่ะ"), where a number touching a letter is still a number.
 */

/** Han, kana, Hangul and Thai-family letters: these scripts do not put spaces between words. */
export const UNSPACED_LETTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}ー]/u;

/** Labels that may be typed glued to the number, with or without ":", "." or "-" between. */
const GLUED_LABEL =
	/(?:^|[^\p{L}])(?:phone|ph|tel|tél|tlf|telf|telp|telefon|telefone|telefono|teléfono|téléphone|mob|mobile|mobil|móvil|movil|cell|cel|celular|handy|gsm|fax|call|whatsapp|wa|hp|sms|number|nr|num|numero|número|nummer|contact|[MTPFHWC])$/iu;

const EXTENSION = /^[ \t]{0,2},?[ \t]{0,2}(?:ext|extn|extension|x|poste|ramal|anexo|interno|int|durchwahl|dw|доб|вн|#)\.?[ \t]{0,2}\d{1,6}(?!\p{N})/iu;

/**
 * Whether a number may start right after `before` (the text before it). A digit, a currency sign
 * or "#" before it makes it part of something else; a word glued to it must be a phone label.
 */
export function startsFree(before: string): boolean {
	const last = before.slice(-1);
	if (last === '' || UNSPACED_LETTER.test(last)) return true;
	if (/[\p{N}@#$€£¥₹〒]/u.test(last)) return false;
	// Markdown italics: "_0612345678_".
	if (last === '_' && !/[\p{L}\p{N}]/u.test(before.slice(-2, -1))) return true;
	if (/[\p{L}_]/u.test(last)) return GLUED_LABEL.test(before);
	if (/[.:/,-]/u.test(last)) {
		const previous = before.slice(-2, -1);
		if (/[\p{L}]/u.test(previous) && !UNSPACED_LETTER.test(previous)) return GLUED_LABEL.test(before.slice(0, -1));
		if (previous === '' || UNSPACED_LETTER.test(previous)) return last === ':';
		return last === ':' && !/[\p{N}]/u.test(previous);
	}
	return true;
}

/**
 * Whether a number may end before `after`: not inside a word, a decimal ("…678.5") or a time
 * ("…:30"); a comma before a run of four digits or more starts the next number of a list.
 */
export function endsFree(after: string): boolean {
	if (EXTENSION.test(after)) return true;
	const next = after.slice(0, 1);
	if (next === '' || UNSPACED_LETTER.test(next)) return true;
	if (/^_(?![\p{L}\p{N}])/u.test(after)) return true;
	if (/[\p{L}\p{N}_]/u.test(next)) return false;
	if (/^[.:]\d/u.test(after)) return false;
	return !/^,\d{1,3}(?!\d|[ \t]\d)/u.test(after);
}

/** How many characters of `after` are the number's extension (0: none). */
export function extensionLength(after: string): number {
	return EXTENSION.exec(after)?.[0].length ?? 0;
}
