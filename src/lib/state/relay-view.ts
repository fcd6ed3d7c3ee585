import type { RelayProblem } from '../net/relay-watch';

/**
 * What the app says when "Hide my IP address" is on and calls cannot connect. A relay-only
 * call without a working relay never opens: without these words it would look like every
 * contact had gone offline.
 */
export const RELAY_PROBLEM_TEXT: Record<RelayProblem, { title: string; detail: string }> = {
	'no-turn': {
		title: 'Can’t connect: this server has no relay.',
		detail: '“Hide my IP address” sends every call through the server’s TURN relay, and this server has none. Turn the setting off in Settings → Privacy to connect directly.'
	},
	credentials: {
		title: 'Can’t connect: the server gave no relay access.',
		detail: '“Hide my IP address” needs relay credentials from the server, which did not hand them out. Parley keeps trying; turn the setting off in Settings → Privacy to connect directly.'
	},
	'relay-refused': {
		title: 'Can’t connect: the relay server refused this device.',
		detail: '“Hide my IP address” sends every call through the TURN relay, which turned down this device’s credentials (the server and relay may be set up with different secrets). Turn the setting off in Settings → Privacy to connect directly.'
	}
};
