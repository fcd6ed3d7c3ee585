/**
 * A rough strength estimate for a backup passphrase: bits from the length and the kinds of
 * characters, minus what the usual shortcuts save an attacker (repeats, runs like "abcd" or
 * "1234", a few very common words). Not zxcvbn: no dictionary of millions of words, so it
 * overrates a phrase of common words typed without spaces; the thresholds are set with that in
 * mind, and Argon2id (backup-limits.ts) makes every guess cost ~0.5 s of a laptop's time.
 */
export type StrengthLevel = 0 | 1 | 2 | 3 | 4;

export const STRENGTH_LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

/** Backing up is allowed from this level: about 50 bits by this estimate. */
export const MIN_BACKUP_LEVEL: StrengthLevel = 2;
export const MIN_PASSPHRASE_CHARS = 10;

const COMMON = ['password', 'passwort', 'qwerty', 'azerty', 'letmein', 'welcome', 'iloveyou', 'admin', 'parley', 'secret', 'dragon', 'monkey', 'football', 'baseball', 'sunshine', 'princess'];

export function estimateBits(passphrase: string): number {
	const chars = [...passphrase];
	if (chars.length === 0) return 0;
	let pool = 0;
	if (/[a-z]/u.test(passphrase)) pool += 26;
	if (/[A-Z]/u.test(passphrase)) pool += 26;
	if (/[0-9]/u.test(passphrase)) pool += 10;
	if (/[^a-zA-Z0-9]/u.test(passphrase)) pool += 33;
	// A character equal to, or one step from, the one before it adds almost nothing.
	let effective = 1;
	for (let i = 1; i < chars.length; i += 1) {
		const step = Math.abs((chars[i]?.codePointAt(0) ?? 0) - (chars[i - 1]?.codePointAt(0) ?? 0));
		effective += step <= 1 ? 0.25 : 1;
	}
	let bits = effective * Math.log2(Math.max(pool, 2));
	const lower = passphrase.toLowerCase();
	for (const word of COMMON) if (lower.includes(word)) bits -= word.length * 3;
	return Math.max(0, Math.round(bits));
}

export function strengthLevel(passphrase: string): StrengthLevel {
	const bits = estimateBits(passphrase);
	if ([...passphrase].length < MIN_PASSPHRASE_CHARS) return bits >= 28 ? 1 : 0;
	if (bits < 28) return 0;
	if (bits < 50) return 1;
	if (bits < 65) return 2;
	if (bits < 85) return 3;
	return 4;
}
