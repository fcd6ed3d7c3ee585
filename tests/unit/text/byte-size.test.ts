import { describe, expect, it } from 'vitest';
import { countOf, formatBytes } from '../../../src/lib/text/byte-size';

describe('formatBytes: storage figures a person can read at a glance', () => {
	it('shows bytes below a kilobyte as whole bytes', () => {
		expect(formatBytes(0)).toBe('0 B');
		expect(formatBytes(999)).toBe('999 B');
	});

	it('uses decimal units with one decimal below ten and none above', () => {
		expect(formatBytes(1000)).toBe('1.0 kB');
		expect(formatBytes(1536)).toBe('1.5 kB');
		expect(formatBytes(12_400_000)).toBe('12 MB');
		expect(formatBytes(3_400_000_000)).toBe('3.4 GB');
	});

	it('never shows "1000 kB": a value that rounds up moves to the next unit', () => {
		expect(formatBytes(999_600)).toBe('1.0 MB');
	});

	it('stays in terabytes beyond them and says "unknown" for nonsense', () => {
		expect(formatBytes(5e15)).toBe('5000 TB');
		expect(formatBytes(-1)).toBe('unknown');
		expect(formatBytes(Number.NaN)).toBe('unknown');
	});
});

describe('countOf', () => {
	it('uses the singular for one and groups thousands', () => {
		expect(countOf(1, 'message')).toBe('1 message');
		expect(countOf(0, 'message')).toBe('0 messages');
		expect(countOf(1204, 'person', 'people')).toBe('1,204 people');
	});
});
