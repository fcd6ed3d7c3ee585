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
	| 'not-author';

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
