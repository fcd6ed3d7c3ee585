// Whisper's known failure: the decoder falls into a loop and repeats a word or a phrase until
// it runs out of tokens ("thank you thank you thank you …"). Whisper itself notices this by the
// text's gzip compression ratio and decodes again at a higher temperature. The graph we run has
// beam search but no sampling, so the transcriber decodes a looping chunk again with repeats
// penalised (transcriber.ts), and whatever still loops is cut down to one copy here.

/** Phrases up to this many words are looked for. */
const MAX_LOOP_WORDS = 12;
/**
 * Copies in a row that make a loop. People do say "no, no, no" (three); four or more copies of
 * the same phrase, back to back, is the decoder, not the speaker.
 */
export const LOOP_COPIES = 4;

const wordKey = (word: string) => word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** How many copies of words[at … at+size) follow each other from `at`. */
function copiesAt(keys: readonly string[], at: number, size: number): number {
	let copies = 1;
	for (let next = at + size; next + size <= keys.length; next += size) {
		for (let k = 0; k < size; k++) if (keys[at + k] !== keys[next + k]) return copies;
		copies++;
	}
	return copies;
}

/**
 * `text` with every run of LOOP_COPIES or more back-to-back copies of one phrase (1 to
 * MAX_LOOP_WORDS words, compared without case or punctuation) cut to its first copy, and
 * whether there was one. Linear in the text for each phrase length: at most 448 tokens a chunk.
 */
export function collapseLoops(text: string): { text: string; looped: boolean } {
	const words = text.split(/\s+/u).filter((word) => word !== '');
	const keys = words.map(wordKey);
	const kept: string[] = [];
	let looped = false;
	let i = 0;
	while (i < words.length) {
		let skip = 0;
		for (let size = 1; size <= MAX_LOOP_WORDS && i + size * LOOP_COPIES <= words.length; size++) {
			if (keys.slice(i, i + size).every((key) => key === '')) continue;
			const copies = copiesAt(keys, i, size);
			if (copies >= LOOP_COPIES) {
				skip = size * copies;
				kept.push(...words.slice(i, i + size));
				break;
			}
		}
		if (skip > 0) {
			looped = true;
			i += skip;
		} else {
			kept.push(words[i]!);
			i++;
		}
	}
	return { text: looped ? kept.join(' ') : text, looped };
}
