import { beforeAll, describe, expect, it } from 'vitest';
import { createEstimator, type PassphraseEstimate } from '../../../src/lib/backup/passphrase-estimator';
import { MIN_BACKUP_LEVEL, MIN_PASSPHRASE_CHARS, canBackUp, levelOf, type StrengthLevel } from '../../../src/lib/backup/passphrase-strength';

let estimate: PassphraseEstimate;
beforeAll(async () => {
	estimate = await createEstimator();
}, 30_000);

describe('passphrase strength (zxcvbn-ts)', () => {
	it.each(['Tr0ub4dor&', 'Tr0ub4dor&3', 'P@ssw0rd2024!', 'Dr4g0nSl4y3r!', 'Sunshine2024!'])('rates the leetspeak or decorated common word %j weak', (passphrase) => {
		expect(estimate(passphrase).level).toBeLessThan(MIN_BACKUP_LEVEL);
	});

	it.each(['', 'a', 'password', 'password123', 'aaaaaaaaaaaaaaaa', 'abcdefghijklmn', '1234567890123', 'mypassword2024!', 'parleybackup2024'])('refuses %j as too weak to back up with', (passphrase) => {
		expect(estimate(passphrase).level).toBeLessThan(MIN_BACKUP_LEVEL);
	});

	it.each(['xK9#mQ2$vL7@pR4!wN8^', 'mauve otter sings at dawn 17', 'correct horse battery staple', 'Ein Pferd am Ufer trinkt kalt'])('rates the long random passphrase %j strong', (passphrase) => {
		expect(estimate(passphrase).level).toBeGreaterThanOrEqual(3);
	});

	it('grows with length and kinds of characters', () => {
		expect(estimate('kqzvmwprtx').level).toBeLessThan(estimate('kqzvmwprtx-KQZ-93-vb').level);
	});

	it('counts words of the app and its purpose as easy to guess', () => {
		expect(estimate('myparleypassphrase').level).toBeLessThan(MIN_BACKUP_LEVEL);
		expect(estimate('parleyrestorechat').level).toBeLessThan(MIN_BACKUP_LEVEL);
	});
});

describe('levels and the gate of "Back up now"', () => {
	it('starts the level that allows a backup at 10^12 estimated guesses', () => {
		expect(levelOf('long enough text', 11.99)).toBe(MIN_BACKUP_LEVEL - 1);
		expect(levelOf('long enough text', 12)).toBe(MIN_BACKUP_LEVEL);
		expect(levelOf('long enough text', 5.9)).toBe(0);
		expect(levelOf('long enough text', 16)).toBe(4);
	});

	it(`keeps a passphrase under ${MIN_PASSPHRASE_CHARS} characters below it, however random`, () => {
		expect(levelOf('x'.repeat(MIN_PASSPHRASE_CHARS - 1), 30)).toBe(MIN_BACKUP_LEVEL - 1);
		expect(levelOf('x'.repeat(MIN_PASSPHRASE_CHARS), 30)).toBe(4);
	});

	const form = (level: StrengthLevel | null, over: Partial<{ passphrase: string; confirm: string; running: boolean }> = {}) => ({ level, passphrase: 'p', confirm: 'p', running: false, ...over });

	it('enables the button only for a rated, strong enough passphrase typed twice alike, with no backup running', () => {
		expect(canBackUp(form(MIN_BACKUP_LEVEL))).toBe(true);
		expect(canBackUp(form(4))).toBe(true);
		expect(canBackUp(form((MIN_BACKUP_LEVEL - 1) as StrengthLevel))).toBe(false);
		expect(canBackUp(form(0))).toBe(false);
		expect(canBackUp(form(null))).toBe(false);
		expect(canBackUp(form(4, { confirm: 'q' }))).toBe(false);
		expect(canBackUp(form(4, { running: true }))).toBe(false);
	});
});
