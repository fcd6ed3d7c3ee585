// Sentences for the speech tests and the WER benchmark, spoken by espeak-ng. Everyday chat
// lines; several carry numbers, said as words or written as digits, because numbers are where
// transcripts and search disagree most.
export const SPEECH_SENTENCES: readonly string[] = [
	'The meeting moved to five thirty on Tuesday.',
	'Please bring twelve copies of the report.',
	'I will call you back in ten minutes.',
	'The train leaves at 7 in the morning.',
	'We need 3 more chairs for the kitchen.',
	'Can you send me the photos from last weekend?',
	'My flight lands at twenty past nine.',
	'There are forty two apples in the basket.',
	'Let us meet at the library after lunch.',
	'The weather will be sunny with a high of 25 degrees.',
	'Do not forget to water the plants on Friday.',
	'She paid 150 dollars for the concert tickets.'
];
