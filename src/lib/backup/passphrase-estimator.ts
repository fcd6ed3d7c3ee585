import { levelOf, type StrengthLevel } from './passphrase-strength';

/**
 * zxcvbn-ts with its common and English word lists (~1 MB of script): imported only here, and
 * this module only from the passphrase worker and tests, so the lists never reach the
 * first-load bundle. Building the matcher takes ~0.5–1 s and one check up to ~300 ms on a slow
 * machine (a long random passphrase): both stay off the page's main thread.
 */
export type PassphraseEstimate = (passphrase: string) => { level: StrengthLevel; guessesLog10: number };

/** Words that make a passphrase easy to guess for someone who knows it is a Parley backup. */
const CONTEXT_WORDS = ['parley', 'backup', 'chat', 'restore', 'passphrase'];

/** Longer input is cut before matching: zxcvbn's cost grows with length, and 256 characters are plenty. */
const MAX_CHECKED_CHARS = 256;

export async function createEstimator(): Promise<PassphraseEstimate> {
	const [{ ZxcvbnFactory }, common, english] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]);
	const zxcvbn = new ZxcvbnFactory({
		dictionary: { ...common.dictionary, ...english.dictionary, context: CONTEXT_WORDS },
		graphs: common.adjacencyGraphs,
		translations: english.translations,
		maxLength: MAX_CHECKED_CHARS
	});
	return (passphrase) => {
		const { guessesLog10 } = zxcvbn.check(passphrase.normalize('NFKC'));
		return { level: levelOf(passphrase, guessesLog10), guessesLog10 };
	};
}
