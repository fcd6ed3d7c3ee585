/**
 * What the old device's Settings → "Transfer to another device" shows, and whether its identity
 * may still be used. `retired` is terminal and is persisted by the caller before anything else
 * happens: from then on the app never connects with this identity (the two devices must not
 * fight over one peer id). When the link closes after the last chunk but before `done`, the old
 * device cannot tell whether the new one finished, so it asks the user (`unsure`) instead of
 * guessing: retiring wrongly loses the identity, not retiring risks two devices on one id.
 */
export type OldDeviceState =
	| { phase: 'waiting' }
	| { phase: 'sending'; sentBytes: number }
	| { phase: 'awaiting-done'; sentBytes: number }
	| { phase: 'unsure' }
	| { phase: 'failed'; reason: string }
	| { phase: 'retired' };

export type OldDeviceEvent =
	| { type: 'confirmed' }
	| { type: 'sent'; bytes: number }
	| { type: 'sent-all' }
	| { type: 'done' }
	| { type: 'closed' }
	| { type: 'failed'; reason: string }
	| { type: 'user-retires' }
	| { type: 'user-keeps' };

export function nextOldDeviceState(state: OldDeviceState, event: OldDeviceEvent): OldDeviceState {
	if (state.phase === 'retired') return state;
	switch (event.type) {
		case 'confirmed':
			return state.phase === 'waiting' ? { phase: 'sending', sentBytes: 0 } : state;
		case 'sent':
			return state.phase === 'sending' ? { phase: 'sending', sentBytes: state.sentBytes + event.bytes } : state;
		case 'sent-all':
			return state.phase === 'sending' ? { phase: 'awaiting-done', sentBytes: state.sentBytes } : state;
		case 'done':
			// A proof before the whole stream was sent cannot be honest: the new device has not restored yet.
			return state.phase === 'awaiting-done' ? { phase: 'retired' } : { phase: 'failed', reason: 'done before the end of the stream' };
		case 'closed':
			if (state.phase === 'awaiting-done') return { phase: 'unsure' };
			return state.phase === 'sending' ? { phase: 'failed', reason: 'the other device went away' } : state;
		case 'failed':
			// The first reason stands: the cut link that follows a failure is its consequence, not its cause.
			return state.phase === 'unsure' || state.phase === 'failed' ? state : { phase: 'failed', reason: event.reason };
		case 'user-retires':
			return state.phase === 'unsure' ? { phase: 'retired' } : state;
		case 'user-keeps':
			return state.phase === 'unsure' ? { phase: 'failed', reason: 'kept on this device' } : state;
	}
}

/** The identity may connect, send and receive only while this holds. */
export function identityUsable(state: OldDeviceState): boolean {
	return state.phase !== 'retired';
}
