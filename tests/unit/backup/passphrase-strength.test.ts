import { describe, expect, it } from 'vitest';
import { MIN_BACKUP_LEVEL, strengthLevel } from '../../../src/lib/backup/passphrase-strength';

describe('passphrase strength', () => {
	it.each(['', 'a', 'password', 'password123', 'aaaaaaaaaaaaaaaa', 'abcdefghijklmn', '1234567890123'])('refuses %j as too weak to back up with', (passphrase) => {
		expect(strengthLevel(passphrase)).toBeLessThan(MIN_BACKUP_LEVEL);
	});

	it.each(['correct horse battery staple', 'mauve-Otter-17-sings', 'Ein Pferd am Ufer trinkt kalt'])('accepts %j', (passphrase) => {
		expect(strengthLevel(passphrase)).toBeGreaterThanOrEqual(MIN_BACKUP_LEVEL);
	});

	it('grows with length and kinds of characters', () => {
		expect(strengthLevel('kqzvmwprtx')).toBeLessThan(strengthLevel('kqzvmwprtx-KQZ-93-vb'));
	});

	it('a common word inside counts for little', () => {
		expect(strengthLevel('mypassword2024!')).toBeLessThan(strengthLevel('mywombatcar2024!'));
	});
});
