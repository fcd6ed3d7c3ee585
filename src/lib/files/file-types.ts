/**
 * What a received file may be shown as. Only raster images in a short list are ever displayed
 * inline, and only when their first bytes match the type: a declared type is the sender's
 * claim, not a fact. SVG (which can carry script), HTML and everything else are offered as a
 * download with a neutral type, never rendered.
 */
export type InlineImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/avif';

export const INLINE_IMAGE_TYPES: readonly InlineImageType[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'];

/** Bytes needed from the start of a file to recognise every inline type. */
export const SNIFF_BYTES = 16;

/** The inline image type the bytes start with, or null. */
export function sniffImage(head: Uint8Array): InlineImageType | null {
	if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith(head, [0x47, 0x49, 0x46, 0x38]) && (head[4] === 0x37 || head[4] === 0x39) && head[5] === 0x61) return 'image/gif';
	if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && ascii(head, 8, 'WEBP')) return 'image/webp';
	if (ascii(head, 4, 'ftyp') && (ascii(head, 8, 'avif') || ascii(head, 8, 'avis'))) return 'image/avif';
	return null;
}

/**
 * The type a blob of received bytes is given for display or download: the sniffed image type
 * when it is one of ours and agrees with the declared one, else a type no browser renders.
 */
export function displayType(declared: string, head: Uint8Array): InlineImageType | 'application/octet-stream' {
	const sniffed = sniffImage(head);
	// Stryker disable next-line ConditionalExpression: a null never equals a string; the test says it outright
	return sniffed !== null && sniffed === declared.toLowerCase() ? sniffed : 'application/octet-stream';
}

/** Audio containers a voice message is played from; anything else is never given an audio type. */
export type VoiceAudioType = 'audio/webm' | 'audio/ogg' | 'audio/mp4';

/** The voice container the bytes start with (WebM/Matroska's EBML magic, Ogg's page, MP4's ftyp), or null. */
export function sniffAudio(head: Uint8Array): VoiceAudioType | null {
	if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return 'audio/webm';
	if (ascii(head, 0, 'OggS')) return 'audio/ogg';
	if (ascii(head, 4, 'ftyp')) return 'audio/mp4';
	return null;
}

/**
 * The type a voice message's bytes are played with: the sniffed container when the sender
 * declared that same container (codec parameters aside), else null and the player refuses it.
 * So a voice message's bytes are only ever handed to the browser as audio.
 */
export function voiceAudioType(declared: string, head: Uint8Array): VoiceAudioType | null {
	const sniffed = sniffAudio(head);
	const base = declared.split(';')[0]?.trim().toLowerCase();
	return sniffed !== null && sniffed === base ? sniffed : null;
}

/** A broad family for the file card's icon; the name's extension is only a hint here. */
export type FileFamily = 'image' | 'audio' | 'video' | 'document' | 'archive' | 'other';

export function fileFamily(declared: string, extension: string): FileFamily {
	const type = declared.toLowerCase();
	if (type.startsWith('image/')) return 'image';
	if (type.startsWith('audio/')) return 'audio';
	if (type.startsWith('video/')) return 'video';
	if (ARCHIVES.has(extension)) return 'archive';
	if (type === 'application/pdf' || type.startsWith('text/') || DOCUMENTS.has(extension)) return 'document';
	return 'other';
}

const ARCHIVES = new Set(['zip', '7z', 'rar', 'gz', 'tgz', 'bz2', 'xz', 'zst', 'tar']);
const DOCUMENTS = new Set(['pdf', 'txt', 'md', 'doc', 'docx', 'odt', 'rtf', 'xls', 'xlsx', 'ods', 'csv', 'ppt', 'pptx', 'odp']);

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
	// Stryker disable next-line ConditionalExpression: past the end a byte is undefined, never equal; the length test only says so first
	return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

function ascii(bytes: Uint8Array, offset: number, text: string): boolean {
	// Stryker disable next-line ConditionalExpression,ArithmeticOperator: past the end a byte is undefined and the loop refuses it; this only says so first
	if (bytes.length < offset + text.length) return false;
	for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
	return true;
}
