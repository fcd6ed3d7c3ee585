import type { Sodium } from '../crypto/sodium';
import { concatBytes, utf8 } from '../ids/encoding';

// After the new device has restored everything into staging and switched to it, it sends `done`:
// a proof only the holder of the stream key can make. Only that proof retires the old device.

const MAGIC = utf8('PTX1');
const DONE = 4;
const ABORT = 5;
const PROOF_BYTES = 32;
export const DONE_BYTES = MAGIC.length + 1 + PROOF_BYTES;

function proof(sodium: Sodium, streamKey: Uint8Array): Uint8Array {
	return sodium.crypto_generichash(PROOF_BYTES, utf8('parley/transfer/done'), streamKey);
}

export function doneMessage(sodium: Sodium, streamKey: Uint8Array): Uint8Array {
	return concatBytes(MAGIC, new Uint8Array([DONE]), proof(sodium, streamKey));
}

export function isDoneMessage(sodium: Sodium, streamKey: Uint8Array, bytes: Uint8Array): boolean {
	if (!(bytes instanceof Uint8Array) || bytes.length !== DONE_BYTES) return false;
	if (MAGIC.some((byte, i) => bytes[i] !== byte) || bytes[MAGIC.length] !== DONE) return false;
	return sodium.memcmp(bytes.subarray(MAGIC.length + 1), proof(sodium, streamKey));
}

/**
 * The new device could not restore: the old device keeps its identity without asking the user.
 * Unauthenticated on purpose: its only effect is the safe one (nothing is retired).
 */
export const ABORT_MESSAGE = concatBytes(MAGIC, new Uint8Array([ABORT]));

export function isAbortMessage(bytes: Uint8Array): boolean {
	return bytes.length === ABORT_MESSAGE.length && ABORT_MESSAGE.every((byte, i) => bytes[i] === byte);
}
