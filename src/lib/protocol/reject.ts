/** Why an inbound frame or handshake was refused. Logged with the peer id, never with content. */
export type RejectReason =
	| 'not-binary'
	| 'oversized'
	| 'malformed'
	| 'unknown-type'
	| 'invalid'
	| 'unexpected'
	| 'undecryptable'
	| 'replayed'
	| 'version'
	| 'bad-signature'
	| 'wrong-key'
	| 'blocked'
	| 'not-author'
	/** A message or edit id that is already taken (one of ours, or a message reused as an edit). */
	| 'id-taken'
	/** An edit of a message this device does not have (not acked: the author retries later). */
	| 'unknown-target'
	/** A stranger's request is over its storage quota, or all requests together are. */
	| 'over-quota'
	/** Written while blocked by the receiver's clock, or claiming a time outside the allowed skew. */
	| 'blocked-span'
	/** The peer sends faster than the per-peer frame/byte budget, or floods the inbound queue. */
	| 'rate-limited'
	/** Too many rejected frames from one peer: link closed and handshakes refused for a while. */
	| 'penalized'
	/** The handshake could not derive keys (e.g. an all-zero or low-order ephemeral key). */
	| 'bad-key'
	/** A group frame for a group this device does not hold (only a create op introduces one). */
	| 'unknown-group'
	/** A group frame whose author is not a member by the receiver's current state. */
	| 'not-member'
	/** A member's frame relayed by someone who is not a member by the receiver's current state. */
	| 'relay-not-member'
	/** A membership op for a group that already holds MAX_GROUP_OPS ops. */
	| 'too-many-ops';

export interface ProtocolLog {
	reject(reason: RejectReason, fields: { peer: string; detail?: string }): void;
	info(event: string, fields?: Record<string, string | number | boolean>): void;
}

export const silentLog: ProtocolLog = { reject() {}, info() {} };

export function consoleLog(prefix = 'parley'): ProtocolLog {
	return {
		reject(reason, fields) {
			console.warn(`[${prefix}] frame rejected: ${reason}`, fields);
		},
		info(event, fields) {
			console.info(`[${prefix}] ${event}`, fields ?? {});
		}
	};
}
