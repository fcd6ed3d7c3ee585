// @ts-nocheck
// 
import { describe, expect, it } from 'vitest';
import { reuseUnchanged } from '../../../src/lib/state/reuse-unchanged';

describe('reuseUnchanged', () => {
	it('returns the previous object for unchanged rows and the new one for changed rows', () => {
		const reuse = reuseUnchanged<{ id: string; status: string }>();
		const first = reuse([{ id: 'a', status: 'pending' }, { id: 'b', status: 'pending' }]);
		const second = reuse([{ id: 'a', status: 'pending' }, { id: 'b', status: 'sent' }, { id: 'c', status: 'pending' }]);
		expect(second[0]).toBe(first[0]);
		expect(second[1]).not.toBe(first[1]);
		expect(second[1]).toEqual({ id: 'b', status: 'sent' });
		expect(second).toHaveLength(3);
	});

	it('forgets rows that left the window', () => {
		const reuse = reuseUnchanged<{ id: string }>();
		const first = reuse([{ id: 'a' }]);
		reuse([]);
		expect(reuse([{ id: 'a' }])[0]).not.toBe(first[0]);
	});
});
