/** Settings key of "Hide my IP address": every call relay-only (a boolean, default false). */
export const HIDE_IP_SETTING = 'hideIp';

/**
 * What can keep a relay-only connection from ever opening, in words the UI can show:
 * - 'no-turn': relay-only is on but the server offers no TURN relay at all;
 * - 'credentials': the server offers one but did not hand out credentials for it;
 * - 'relay-refused': the relay turned our credentials down, or gave us no address.
 */
export type RelayProblem = 'no-turn' | 'credentials' | 'relay-refused';

/** The parts of RTCPeerConnection watched here (tests pass a stand-in). */
export interface WatchedConnection {
	readonly iceGatheringState: string;
	addEventListener(type: 'icecandidate' | 'icecandidateerror' | 'icegatheringstatechange', listener: (event: Event) => void): void;
}

/** STUN/TURN error codes that mean "these credentials are not good here" (RFC 8656 §6, RFC 8489 §14.8). */
const AUTH_ERRORS = new Set([401, 403, 431, 438]);

/**
 * Watches one relay-only RTCPeerConnection. With `iceTransportPolicy: 'relay'` every local
 * candidate is a relay address, so a gathering that ends with none means the relay never gave
 * us one: without this, the dial would just time out and look like "contact offline".
 * Chromium and Firefox 153 give an error event (401) and a gathering that completes empty;
 * Firefox 140 no error event, and before its gathering completes an end-of-candidates event (a
 * candidate whose line is empty), which is not a candidate. (ICE failing is no sign to watch
 * for here: PeerJS closes the connection on it before this listener would run.)
 * Reports at most once per connection.
 */
export function watchRelay(connection: WatchedConnection, report: (problem: RelayProblem) => void): void {
	let candidates = 0;
	let reported = false;
	const once = () => {
		if (reported) return;
		reported = true;
		report('relay-refused');
	};
	connection.addEventListener('icecandidate', (event) => {
		const candidate = (event as Event & { candidate?: { candidate?: unknown } | null }).candidate;
		if (typeof candidate?.candidate === 'string' && candidate.candidate !== '') candidates += 1;
	});
	connection.addEventListener('icecandidateerror', (event) => {
		const code = (event as Event & { errorCode?: unknown }).errorCode;
		if (typeof code === 'number' && AUTH_ERRORS.has(code)) once();
	});
	connection.addEventListener('icegatheringstatechange', () => {
		if (connection.iceGatheringState === 'complete' && candidates === 0) once();
	});

}
