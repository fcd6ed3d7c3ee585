import * as v from 'valibot';
import type { Redis } from '../store/redis-state';
import { PEER_ID } from '../store/shared-state';

/** Signalling types one process forwards to another: what the peer package relays to `dst`. */
export const RELAYED_TYPES = ['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE'] as const;

/**
 * What travels between processes. Redis is a trust boundary: anyone who can publish there can
 * send these, so each is size-capped and parsed before use, and a relay is re-serialised.
 */
export const BusMessageSchema = v.variant('kind', [
	v.strictObject({
		kind: v.literal('relay'),
		type: v.picklist(RELAYED_TYPES),
		src: v.pipe(v.string(), v.regex(PEER_ID)),
		dst: v.pipe(v.string(), v.regex(PEER_ID)),
		payload: v.optional(v.unknown())
	}),
	/** A newer registration proof for `id` was admitted by another process: close ours. */
	v.strictObject({ kind: v.literal('evict'), id: v.pipe(v.string(), v.regex(PEER_ID)) })
]);

export type BusMessage = v.InferOutput<typeof BusMessageSchema>;

/** A signalling message is at most 16 KiB (SignallingLimits.maxMessageBytes); room for the envelope. */
export const MAX_BUS_MESSAGE_BYTES = 20 * 1024;

/** One channel per process; a process only ever hears its own. */
export interface ProcessBus {
	publish(process: string, message: BusMessage): Promise<void>;
	close(): Promise<void>;
}

export function parseBusMessage(text: string): BusMessage | { readonly error: string } {
	if (Buffer.byteLength(text) > MAX_BUS_MESSAGE_BYTES) return { error: 'oversized' };
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return { error: 'not-json' };
	}
	const parsed = v.safeParse(BusMessageSchema, json);
	return parsed.success ? parsed.output : { error: 'off-schema' };
}

/** Redis pub/sub: a second connection subscribes (a subscribed connection can run nothing else). */
export async function openRedisBus(
	client: Redis,
	channelPrefix: string,
	process: string,
	onMessage: (message: BusMessage) => void,
	log: (line: string) => void
): Promise<ProcessBus> {
	const subscriber = client.duplicate();
	subscriber.on('error', () => undefined);
	await subscriber.connect();
	await subscriber.subscribe(channelPrefix + process, (text: string) => {
		const message = parseBusMessage(text);
		if ('error' in message) log(JSON.stringify({ event: 'bus-message-refused', reason: message.error }));
		else onMessage(message);
	});
	return {
		publish: async (to, message) => {
			await client.publish(channelPrefix + to, JSON.stringify(message));
		},
		close: async () => {
			if (subscriber.isOpen) await subscriber.close();
		}
	};
}
