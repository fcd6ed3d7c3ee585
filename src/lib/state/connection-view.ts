import type { TransportState } from '../net/transport';

/** What the connection badge says; each value has its own words and, where useful, advice. */
export type ConnectionView = 'online' | 'connecting' | 'offline' | 'unreachable' | 'no-webrtc' | 'invisible' | 'other-tab';

export interface ConnectionFacts {
	invisible: boolean;
	otherTab: boolean;
	transport: TransportState;
	/** Why the transport last left `online` (a PeerJS error type, "no-webrtc", …); null once online. */
	problem: string | null;
	/** navigator.onLine: false means no network at all; true proves nothing. */
	browserOnline: boolean;
}

/** Reasons that are not a failure to reach the server: the page is leaving, or the user asked. */
const NOT_A_FAILURE = new Set(['leaving the page', 'replaced']);

/**
 * One rule for the badge. navigator.onLine is only a hint (false on a host with just loopback,
 * true behind a dead Wi-Fi), so it never overrides a working signalling connection; a browser
 * that cannot do WebRTC at all says so instead of "Connecting…" for ever; and a failed attempt
 * while the browser reports a network reads "Server unreachable", not "No network".
 */
export function connectionView(facts: ConnectionFacts): ConnectionView {
	if (facts.problem === 'no-webrtc') return 'no-webrtc';
	if (facts.invisible) return 'invisible';
	if (facts.otherTab) return 'other-tab';
	if (facts.transport === 'online') return 'online';
	if (!facts.browserOnline) return 'offline';
	if (facts.transport === 'connecting' && facts.problem !== null && !NOT_A_FAILURE.has(facts.problem)) return 'unreachable';
	return facts.transport;
}

/** Badge words per view. */
export const CONNECTION_LABELS: Record<ConnectionView, string> = {
	online: 'Online',
	connecting: 'Connecting…',
	offline: 'No network',
	unreachable: 'Server unreachable',
	'no-webrtc': 'No WebRTC',
	invisible: 'Invisible',
	'other-tab': 'In another tab'
};

/** Folds a transport state event into the remembered problem. */
export function nextProblem(previous: string | null, state: TransportState, detail: string | undefined): string | null {
	if (state === 'online') return null;
	if (previous === 'no-webrtc') return previous;
	return detail ?? previous;
}
