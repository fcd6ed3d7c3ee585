import { describe, expect, it } from 'vitest';
import { isListKey, movedFocus } from '../../../src/lib/history/list-keys';

// Ten rows of 50 px: offsets 0, 50, …, 500.
const offsets = Array.from({ length: 11 }, (_, i) => i * 50);

describe('list keys', () => {
	it('moves one row with the arrows and stops at the loaded ends', () => {
		expect(movedFocus('ArrowUp', 5, 10, offsets, 200)).toBe(4);
		expect(movedFocus('ArrowDown', 5, 10, offsets, 200)).toBe(6);
		expect(movedFocus('ArrowUp', 0, 10, offsets, 200)).toBe(0);
		expect(movedFocus('ArrowDown', 9, 10, offsets, 200)).toBe(9);
	});

	it('Home and End go to the first and last loaded rows', () => {
		expect(movedFocus('Home', 5, 10, offsets, 200)).toBe(0);
		expect(movedFocus('End', 5, 10, offsets, 200)).toBe(9);
	});

	it('PageUp and PageDown move about one viewport, at least one row', () => {
		expect(movedFocus('PageUp', 9, 10, offsets, 200)).toBe(5);
		expect(movedFocus('PageDown', 1, 10, offsets, 200)).toBe(5);
		expect(movedFocus('PageDown', 8, 10, offsets, 200)).toBe(9);
		expect(movedFocus('PageUp', 2, 10, offsets, 200)).toBe(0);
		// A viewport smaller than a row still moves one row.
		expect(movedFocus('PageDown', 3, 10, offsets, 10)).toBe(4);
	});

	it('knows its keys', () => {
		expect(isListKey('PageDown')).toBe(true);
		expect(isListKey('ArrowLeft')).toBe(false);
	});
});
