import { afterEach, describe, expect, it, vi } from 'vitest';
import { consoleLog, silentLog } from '../../../src/lib/protocol/reject';

afterEach(() => vi.restoreAllMocks());

describe('protocol log', () => {
	it('warns about a rejected frame with its prefix, reason and fields (never content)', () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		consoleLog('bob').reject('replayed', { peer: 'pabc', detail: 'counter 3' });
		consoleLog().reject('oversized', { peer: 'pdef' });
		expect(warn.mock.calls).toEqual([
			['[bob] frame rejected: replayed', { peer: 'pabc', detail: 'counter 3' }],
			['[parley] frame rejected: oversized', { peer: 'pdef' }]
		]);
	});

	it('reports events with their fields, or an empty set of fields', () => {
		const info = vi.spyOn(console, 'info').mockImplementation(() => {});
		consoleLog('bob').info('link open', { peer: 'pabc' });
		consoleLog('bob').info('started');
		expect(info.mock.calls).toEqual([
			['[bob] link open', { peer: 'pabc' }],
			['[bob] started', {}]
		]);
	});

	it('stays silent when asked to', () => {
		const warn = vi.spyOn(console, 'warn');
		const info = vi.spyOn(console, 'info');
		silentLog.reject('invalid', { peer: 'p' });
		silentLog.info('anything');
		expect(warn).not.toHaveBeenCalled();
		expect(info).not.toHaveBeenCalled();
	});
});
