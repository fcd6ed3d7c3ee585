// Token ids → text for Whisper's byte-level BPE. The vocabulary is the one the model shipped in
// its BpeDecoder node; scripts/prepare-speech.mjs moves it to a JSON file next to the model.

/** As written by scripts/prepare-speech.mjs. */
export interface VocabularyFile {
	format: 1;
	/** Text token strings by id; every id at or past `tokens.length` is a control token. */
	tokens: string[];
	/** [code point of a token character, the byte it stands for], 256 entries. */
	byteDecoder: [number, number][];
}

export interface Vocabulary {
	tokens: readonly string[];
	bytesOf: ReadonlyMap<string, number>;
}

const BYTE_COUNT = 256;

/** Checks the vocabulary file's shape; it comes from our own build but over the network. */
export function parseVocabulary(raw: unknown): Vocabulary {
	if (typeof raw !== 'object' || raw === null) throw new Error('vocabulary is not an object');
	const { format, tokens, byteDecoder } = raw as Partial<VocabularyFile>;
	if (format !== 1) throw new Error('unknown vocabulary format');
	if (!Array.isArray(tokens) || tokens.length === 0 || !tokens.every((t) => typeof t === 'string')) throw new Error('vocabulary tokens are not strings');
	if (!Array.isArray(byteDecoder) || byteDecoder.length !== BYTE_COUNT) throw new Error(`byte decoder must map ${BYTE_COUNT} bytes`);
	const bytesOf = new Map<string, number>();
	for (const pair of byteDecoder) {
		const [codePoint, byte] = Array.isArray(pair) ? pair : [];
		if (!Number.isInteger(codePoint) || !Number.isInteger(byte) || byte! < 0 || byte! >= BYTE_COUNT) throw new Error('bad byte decoder entry');
		bytesOf.set(String.fromCodePoint(codePoint!), byte!);
	}
	if (new Set(bytesOf.values()).size !== BYTE_COUNT) throw new Error('byte decoder does not cover every byte');
	return { tokens, bytesOf };
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * The text of one decoded sequence. Control tokens (<|startoftranscript|>, <|notimestamps|>,
 * timestamps, <|endoftext|> padding) and anything that is not a known id are dropped; bytes are
 * joined before UTF-8 decoding because one character can span several tokens.
 */
export function detokenize(ids: ArrayLike<number>, vocabulary: Vocabulary): string {
	const bytes: number[] = [];
	for (let i = 0; i < ids.length; i++) {
		const id = ids[i]!;
		if (!Number.isInteger(id) || id < 0 || id >= vocabulary.tokens.length) continue;
		for (const char of vocabulary.tokens[id]!) {
			const byte = vocabulary.bytesOf.get(char);
			if (byte !== undefined) bytes.push(byte);
		}
	}
	return utf8.decode(Uint8Array.from(bytes)).trim();
}
