import { MAX_FILE_NAME_CHARS } from './file-limits';

/**
 * Characters a sender could use to disguise a name: C0/C1 controls, and the Unicode format
 * characters that reorder or hide text (bidi embeddings, overrides and isolates, marks, zero
 * width joiners and the BOM). "invoice\u202Efdp.exe" displays as "invoiceexe.pdf" without this.
 */
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** Path separators and the characters Windows, macOS or Linux refuse in a file name. */
const UNSAFE = /[/\\:*?"<>|]/g;
/** Device names Windows will not create a file under, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;
const FALLBACK = 'file';

/**
 * A peer's file name made safe to show and to offer as a download name: normalised, without
 * hidden or path characters, not a reserved device name, not hidden by a leading dot, and at
 * most MAX_FILE_NAME_CHARS long with its extension kept. Never empty.
 */
export function safeFileName(raw: string): string {
	// Stryker disable next-line MethodExpression: the trim is the next line's too (kept for reading)
	let name = raw.normalize('NFC').replace(HIDDEN, '').replace(UNSAFE, '_').replace(/\s+/g, ' ').trim();
	// Leading dots hide a file on Unix; trailing dots and spaces are stripped by Windows.
	name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
	if (name === '') return FALLBACK;
	if (RESERVED.test(name)) name = `_${name}`;
	return cut(name, MAX_FILE_NAME_CHARS);
}

/** The extension, lower case, without the dot ('' when there is none). */
export function fileExtension(name: string): string {
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Cuts by code points (never half a surrogate pair), keeping a short extension at the end. */
function cut(name: string, max: number): string {
	const points = Array.from(name);
	if (points.length <= max) return name;
	const extension = fileExtension(name);
	const keep = extension.length > 0 && extension.length <= 10 ? extension.length + 1 : 0;
	const head = points.slice(0, max - keep - 1).join('').trimEnd();
	return `${head}…${points.slice(points.length - keep).join('')}`;
}
