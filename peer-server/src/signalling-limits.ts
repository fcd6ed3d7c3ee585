import WebSocket, { type RawData } from 'ws';
import { RELAYED_TYPES } from './cluster/bus';
import type { Outgoing } from './cluster/cluster-link';

/** Per-socket limits on what a signalling client may send through the server. */
export interface SignallingLimits {
	/** Messages a socket may send at once; refilled at `messagesPerSecond`. */
	readonly burstMessages: number;
	readonly messagesPerSecond: number;
	/** Bigger messages are dropped: an SDP offer with its candidates is a few KiB. */
	readonly maxMessageBytes: number;
	/** The socket is closed at this many oversized messages. */
	readonly oversizedBeforeClose: number;
	/** The socket is closed at this many messages dropped for rate: no real client gets near. */
	readonly rateDropsBeforeClose: number;
}

/**
 * Coming online dials up to 32 contacts (plus peers owed a message), and after a server restart
 * each pair dials both ways, so one socket sends an OFFER and an ANSWER with a set of candidates
 * per contact: ~320 messages with host candidates only, ~700 with TURN, within a few seconds.
 * Drops are silent, so the burst must hold all of it; the refill covers steady use with room to
 * spare. Both are configurable (SIGNALLING_BURST_MESSAGES, SIGNALLING_MESSAGES_PER_SECOND).
 */
export const SIGNALLING_LIMITS: SignallingLimits = Object.freeze({
	burstMessages: 1000,
	messagesPerSecond: 100,
	maxMessageBytes: 16 * 1024,
	oversizedBeforeClose: 3,
	rateDropsBeforeClose: 1000
});

/** Close code for a client that broke the limits ("policy violation"). */
export const LIMITS_CLOSE_CODE = 1008;

export type FrameVerdict = 'pass' | 'drop' | 'close';

/** Messages the package forwards to `dst`. EXPIRE is ours to send, and we never do. */
const RELAYED = new Set<string>(RELAYED_TYPES);

/** A message for an id registered on another process: handed to the cluster with the socket that sent it. */
export type RelayElsewhere = (message: Outgoing, sender: WebSocket) => void;
/** Everything else a peerjs client sends; any other type is dropped (the package would ignore it anyway). */
const LOCAL = new Set(['HEARTBEAT']);

/**
 * What every socket's gate judges by. One object per server, shared by all its sockets, so an
 * idle socket holds only its own counters (issue 16: memory per idle client).
 */
export interface GateRules {
	readonly limits: SignallingLimits;
	readonly now: () => number;
	readonly isRegistered: (id: string) => boolean;
	/** With several processes: where a message for an id not registered here goes. */
	readonly relayElsewhere?: RelayElsewhere;
}

/**
 * Judges one socket's frames before the peer package sees them.
 *
 * Dropping frames for ids that are not registered is what keeps the server from being a
 * presence oracle: the package would queue them and, once its expire timeout passed, answer
 * the sender with EXPIRE ("peer unavailable") — only for ids that are offline. Now a message to
 * an offline id and one to an online peer that ignores it look the same to the sender: nothing.
 */
export class FrameGate {
	#tokens: number;
	#at: number;
	#oversized = 0;
	#rateDrops = 0;

	constructor(private readonly rules: GateRules) {
		this.#tokens = rules.limits.burstMessages;
		this.#at = rules.now();
	}

	/** `sender` is the socket the frame came on, for a relay to another process. */
	judge(data: RawData, sender?: WebSocket): FrameVerdict {
		const { limits, isRegistered, relayElsewhere } = this.rules;
		if (byteLength(data) > limits.maxMessageBytes) {
			return ++this.#oversized >= limits.oversizedBeforeClose ? 'close' : 'drop';
		}
		if (!this.#take()) return ++this.#rateDrops >= limits.rateDropsBeforeClose ? 'close' : 'drop';
		const message = peek(data);
		if (message === undefined) return 'pass'; // Not JSON: the package reports it as an error and moves on.
		if (typeof message.type !== 'string') return 'drop';
		if (LOCAL.has(message.type)) return 'pass';
		if (!RELAYED.has(message.type)) return 'drop';
		// A relayed type without a string dst is never relayed: for LEAVE the package would
		// instead drop the sender from its realm while the socket stays open, uncounted.
		if (typeof message.dst !== 'string') return 'drop';
		if (isRegistered(message.dst)) return 'pass';
		if (sender) relayElsewhere?.({ type: message.type as Outgoing['type'], dst: message.dst, payload: message.payload }, sender);
		return 'drop';
	}

	#take(): boolean {
		const { limits, now: clock } = this.rules;
		const now = clock();
		// A clock stepping backwards refills nothing.
		const refill = (Math.max(0, now - this.#at) / 1000) * limits.messagesPerSecond;
		this.#tokens = Math.min(limits.burstMessages, this.#tokens + refill);
		this.#at = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}
}

/** A signalling socket: its gate, and what it holds until it closes. */
export interface GatedSocket<Held> extends WebSocket {
	/**
	 * Set by whoever admitted the socket (the per-address count it occupies); handed to the
	 * class's `onClose` once, when the socket closes. A field, not a "close" listener: a listener
	 * costs a closure and a once-wrapper per idle socket.
	 */
	held: Held | undefined;
}

/**
 * A ws socket class whose "message" events pass through a FrameGate of its own. The package
 * listens for "message" itself and offers no hook, so the gate sits in `emit`; so does the
 * release of what the socket holds, before anyone else hears "close".
 */
export function gatedSocketClass<Held>(rules: GateRules, onClose: (held: Held) => void): typeof WebSocket {
	return class extends WebSocket implements GatedSocket<Held> {
		readonly #gate = new FrameGate(rules);
		held: Held | undefined = undefined;

		override emit(event: string | symbol, ...args: unknown[]): boolean {
			if (event === 'message') {
				const verdict = this.#gate.judge(args[0] as RawData, this);
				if (verdict === 'close') {
					this.close(LIMITS_CLOSE_CODE, 'signalling limits exceeded');
					return false;
				}
				if (verdict === 'drop') return false;
			} else if (event === 'close' && this.held !== undefined) {
				const held = this.held;
				this.held = undefined;
				onClose(held);
			}
			return super.emit(event, ...args);
		}
	};
}

function byteLength(data: RawData): number {
	if (Array.isArray(data)) return data.reduce((total, chunk) => total + chunk.length, 0);
	return data.byteLength;
}

function peek(data: RawData): { readonly type: unknown; readonly dst: unknown; readonly payload: unknown } | undefined {
	try {
		const text = Array.isArray(data) ? Buffer.concat(data).toString() : Buffer.isBuffer(data) ? data.toString() : Buffer.from(data).toString();
		const parsed: unknown = JSON.parse(text);
		if (typeof parsed !== 'object' || parsed === null) return undefined;
		const { type, dst, payload } = parsed as Record<string, unknown>;
		return { type, dst, payload };
	} catch {
		return undefined;
	}
}
