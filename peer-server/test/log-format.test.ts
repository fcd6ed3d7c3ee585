import { describe, expect, it } from 'vitest';
import { jsonLogLine } from '../src/log-format';

const AT = new Date('2026-11-30T21:00:00.000Z');

describe('JSON log lines (LOG_FORMAT=json)', () => {
	it('wraps a plain line as its message', () => {
		expect(JSON.parse(jsonLogLine('peer connected (3 online)', 'info', AT))).toEqual({ time: AT.toISOString(), level: 'info', msg: 'peer connected (3 online)' });
	});

	it("keeps an event's own fields, adding time and level", () => {
		const line = jsonLogLine('{"event":"bus-message-refused","reason":"oversized"}', 'warn', AT);
		expect(JSON.parse(line)).toEqual({ time: AT.toISOString(), level: 'warn', event: 'bus-message-refused', reason: 'oversized' });
	});

	it('cannot be split into two lines by what it logs', () => {
		const line = jsonLogLine('signalling error: x\n{"level":"error","msg":"forged"}', 'info', AT);
		expect(line.split('\n')).toHaveLength(1);
		expect(JSON.parse(line)).toMatchObject({ level: 'info' });
		expect(jsonLogLine('{"broken": ', 'info', AT)).toBe(JSON.stringify({ time: AT.toISOString(), level: 'info', msg: '{"broken": ' }));
		expect(JSON.parse(jsonLogLine('[1,2]', 'info', AT))).toMatchObject({ msg: '[1,2]' });
	});
});
