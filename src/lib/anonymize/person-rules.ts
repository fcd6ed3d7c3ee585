import type { ScrubRule } from './rule';

/**
 * Names marked by how they are addressed, whatever the NLP engine makes of them: the word after a
 * title ("Dr. Okonkwo", "Frau Schäfer", "Sra. Ramírez") and before a Japanese or Indian honorific
 * ("Tanaka-san", "Sharma-ji"). The title itself stays: it says nothing about who.
 */
const TITLE = '(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Herr|Frau|Mme|Mlle|Monsieur|Madame|Sr|Sra|Srta|Señor|Señora|Dona|Sig|Sig\\.ra|Signora|Signor|Pan|Pani)';
const NAME = "\\p{Lu}[\\p{L}'’-]{1,30}";

export const PERSON_RULES: ScrubRule[] = [
	{ kind: 'PERSON', pattern: new RegExp(`(?<=(?<![\\p{L}])${TITLE}\\.?\\s{1,2})${NAME}(?:\\s{1,2}${NAME}){0,2}`, 'gu') },
	{ kind: 'PERSON', pattern: new RegExp(`(?<![\\p{L}])${NAME}(?=-(?:san|sama|kun|chan|sensei|senpai|ji)(?![\\p{L}]))`, 'gu') }
];
