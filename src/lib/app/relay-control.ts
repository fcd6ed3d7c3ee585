import type { RelayProblem } from '../net/relay-watch';

/** What the transport offers for relay-only calls (PeerJsTransport). */
export interface RelaySwitch {
	readonly relayOnly: boolean;
	readonly relayProblem: RelayProblem | null;
	setRelayOnly(relayOnly: boolean): void;
	on(event: 'relay', listener: (problem: RelayProblem | null) => void): () => void;
}

/** The part of BroadcastChannel used here (a real one in Node, in unit tests). */
export interface RelayChannel {
	postMessage(data: unknown): void;
	addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export function relayChannelName(dbName: string): string {
	return `parley-relay:${dbName}`;
}

/**
 * "Hide my IP address" for every tab of this browser. Only the tab that owns the network runs
 * the transport (tab-network.ts), and the switch may be turned in any tab: a change is applied
 * here and posted to the other tabs, so the owner relays the very next call, not only after the
 * next page load. Posts are checked: only `{ hideIp: boolean }` is taken.
 */
export class RelayControl {
	readonly #listeners = new Set<(relayOnly: boolean) => void>();

	constructor(
		private readonly transport: RelaySwitch,
		private readonly channel: RelayChannel | null
	) {
		channel?.addEventListener('message', ({ data }) => {
			const hideIp = typeof data === 'object' && data !== null ? (data as { hideIp?: unknown }).hideIp : undefined;
			if (typeof hideIp !== 'boolean') return;
			transport.setRelayOnly(hideIp);
			for (const listener of this.#listeners) listener(hideIp);
		});
	}

	get relayOnly(): boolean {
		return this.transport.relayOnly;
	}

	get relayProblem(): RelayProblem | null {
		return this.transport.relayProblem;
	}

	setRelayOnly(relayOnly: boolean): void {
		this.transport.setRelayOnly(relayOnly);
		this.channel?.postMessage({ hideIp: relayOnly });
	}

	on(event: 'relay', listener: (problem: RelayProblem | null) => void): () => void {
		return this.transport.on(event, listener);
	}

	/** Another tab turned the switch. */
	onRelayOnly(listener: (relayOnly: boolean) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}
}
