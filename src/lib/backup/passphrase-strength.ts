/**
 * How strong a backup passphrase is, from zxcvbn-ts's estimate of the guesses an attacker who
 * knows the usual tricks (dictionaries, names, leetspeak, keyboard walks, dates, repeats) needs
 * (passphrase-estimator.ts). The levels are set for an offline attack on a stolen file: every
 * guess costs one Argon2id 3 × 64 MiB (backup-limits.ts), ~0.5 s of a laptop core; 10^12
 * guesses (the level that allows a backup) keep a farm of a thousand GPUs doing ~100 guesses/s
 * each busy for about four months on average.
 */
export type StrengthLevel = 0 | 1 | 2 | 3 | 4;

export const STRENGTH_LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

/** Backing up is allowed from this level: about 10^12 guesses by the estimate. */
export const MIN_BACKUP_LEVEL: StrengthLevel = 2;
export const MIN_PASSPHRASE_CHARS = 10;

/** log10 of the guesses each level starts at (level 0 below the first). */
const LEVEL_FLOORS_LOG10 = [6, 12, 14, 16] as const;

/** The level of a passphrase whose guesses zxcvbn estimates at 10^guessesLog10. */
export function levelOf(passphrase: string, guessesLog10: number): StrengthLevel {
	let level = LEVEL_FLOORS_LOG10.filter((floor) => guessesLog10 >= floor).length as StrengthLevel;
	// However random, a short passphrase stays below the level that allows a backup.
	if ([...passphrase].length < MIN_PASSPHRASE_CHARS) level = Math.min(level, MIN_BACKUP_LEVEL - 1) as StrengthLevel;
	return level;
}

/**
 * Whether "Back up now" is enabled: the current text rated (null while the estimator works)
 * at MIN_BACKUP_LEVEL or more, typed twice alike, and no backup running.
 */
export function canBackUp(form: { level: StrengthLevel | null; passphrase: string; confirm: string; running: boolean }): boolean {
	return form.level !== null && form.level >= MIN_BACKUP_LEVEL && form.confirm === form.passphrase && !form.running;
}
