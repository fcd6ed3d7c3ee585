import { describe, expect, it } from 'vitest';
import { identityUsable, nextOldDeviceState, type OldDeviceEvent, type OldDeviceState } from '../../../src/lib/transfer/old-device-state';

function run(events: OldDeviceEvent[]): OldDeviceState {
	return events.reduce<OldDeviceState>(nextOldDeviceState, { phase: 'waiting' });
}

describe('old device during a transfer', () => {
	it('retires its identity once the new device proves it is done, and stays retired', () => {
		const retired = run([{ type: 'confirmed' }, { type: 'sent', bytes: 10 }, { type: 'sent-all' }, { type: 'done' }]);
		expect(retired.phase).toBe('retired');
		expect(identityUsable(retired)).toBe(false);
		for (const event of [{ type: 'closed' }, { type: 'failed', reason: 'x' }, { type: 'user-keeps' }, { type: 'confirmed' }] as OldDeviceEvent[]) {
			expect(nextOldDeviceState(retired, event).phase).toBe('retired');
		}
	});

	it('keeps its identity when the transfer fails or the other device leaves mid-stream', () => {
		expect(identityUsable(run([{ type: 'confirmed' }, { type: 'closed' }]))).toBe(true);
		expect(run([{ type: 'confirmed' }, { type: 'closed' }]).phase).toBe('failed');
		expect(identityUsable(run([{ type: 'failed', reason: 'wrong secret' }]))).toBe(true);
	});

	it('does not retire on a done that comes before the whole stream was sent', () => {
		const early = run([{ type: 'confirmed' }, { type: 'done' }]);
		expect(early.phase).toBe('failed');
		expect(identityUsable(early)).toBe(true);
		expect(run([{ type: 'done' }]).phase).toBe('failed');
	});

	it('asks the user when the link closes after the last chunk but before done', () => {
		const unsure = run([{ type: 'confirmed' }, { type: 'sent-all' }, { type: 'closed' }]);
		expect(unsure.phase).toBe('unsure');
		expect(identityUsable(unsure)).toBe(true);
		expect(nextOldDeviceState(unsure, { type: 'user-retires' }).phase).toBe('retired');
		expect(nextOldDeviceState(unsure, { type: 'user-keeps' }).phase).toBe('failed');
	});

	it('counts the bytes sent for the progress bar', () => {
		expect(run([{ type: 'confirmed' }, { type: 'sent', bytes: 10 }, { type: 'sent', bytes: 5 }])).toEqual({ phase: 'sending', sentBytes: 15 });
	});
});
