/**
 * Joins the texts of consecutive chunks: one space between parts, empty parts (silence) skipped,
 * runs of whitespace collapsed. A chunk cut at a pause usually ends a sentence, so no
 * punctuation is added or removed.
 */
export function joinTranscripts(parts: readonly string[]): string {
	return parts
		.map((part) => part.replace(/\s+/gu, ' ').trim())
		.filter((part) => part !== '')
		.join(' ');
}
