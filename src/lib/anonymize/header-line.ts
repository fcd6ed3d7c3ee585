import type { PiiCounts } from './kinds';
import { DATASET_SCHEMA_VERSION, type HeaderLine } from './dataset-schema';

/** What the data card says about the method and its limits; docs/DATASET.md explains each. */
export const KNOWN_LIMITS = [
	'Person names are found by a list of known contacts, titles and honorifics, name and place lists, cue words in many languages and an English-centred NLP tagger; a name that is an ordinary word ("Hope", "Will"), in capitals, in lower case without a cue, or in a script other than Latin may remain.',
	'Street addresses are found in English, German, Dutch, Nordic, French, Spanish, Italian, Portuguese, Japanese and Chinese shapes; a place named without a house number (a city, a café) remains.',
	'Phone numbers written without separators and with fewer than ten digits are removed only after a cue such as "call" or "number".',
	'Numbers that are not phones (dates, prices, versions, order numbers) are kept, so a phone number written like a price may remain.',
	'Free text can identify a person by what it says (an event, a job, a rare detail); no scrubber removes that.'
] as const;

export interface HeaderCounts {
	conversations: number;
	turns: number;
	sharedTurns: number;
	notSharedTurns: number;
	speakers: number;
}

export function buildHeaderLine(now: Date, counts: HeaderCounts, scrubbed: PiiCounts, nlpVersion: string): HeaderLine {
	return {
		type: 'header',
		schema: DATASET_SCHEMA_VERSION,
		exported: now.toISOString().slice(0, 10),
		counts: {
			conversations: counts.conversations,
			turns: counts.turns,
			shared_turns: counts.sharedTurns,
			not_shared_turns: counts.notSharedTurns,
			speakers: counts.speakers
		},
		scrubbed: { ...scrubbed },
		method: {
			scrubber: 'parley-scrub/1: typed placeholders for ids, e-mails, URLs, IPs, phones, street addresses, handles and person names',
			names: `known contact and group member names; titles and honorifics; compromise ${nlpVersion} part-of-speech tagging with a multicultural name list`,
			pseudonyms: 'speaker labels are keyed BLAKE2b of the peer id under a random key drawn for this export and discarded',
			timing: 'minutes since the first turn of each conversation; the export date rounded to the day'
		},
		limits: [...KNOWN_LIMITS]
	};
}
