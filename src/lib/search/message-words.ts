import { numberSearchTerms } from '../speech/spoken-numbers';
import type { TranscriptRecord } from '../speech/transcript-record';

type Searchable = { text: string; fileName?: string; transcript?: TranscriptRecord };

/**
 * The words of a message that search sees and shows: its text, and for a file message the file's
 * shown name after the caption, so "report" finds report.pdf whether or not it had a caption,
 * then an audio file's transcript (made on this device, issue 13).
 */
export function searchText(row: Searchable): string {
	const transcript = row.transcript?.state === 'done' ? row.transcript.text : '';
	return [row.text, row.fileName ?? '', transcript].filter((part) => part !== '').join(' · ');
}

/**
 * What the index takes for a message: its words, then the other form of each number in its
 * transcript ("five" for "5", "25" for "twenty five"), so either is found. A single digit gets
 * its word only (one-character terms are not kept); a one-digit query asks for the word
 * (search-text.ts queryTerms).
 */
export function indexedText(row: Searchable): string {
	const shown = searchText(row);
	if (row.transcript?.state !== 'done') return shown;
	const extra = numberSearchTerms(row.transcript.text);
	return extra.length === 0 ? shown : `${shown} ${extra.join(' ')}`;
}
