import type { Sodium } from '../crypto/sodium';
import { concatBytes, utf8 } from '../ids/encoding';
import { TRANSFER_SECRET_BYTES } from './transfer-link';

// Three messages over the data channel before any record is sent (docs/BACKUP.md, "Device
// transfer"). Each side brings a fresh X25519 key (crypto_kx); the transfer key hashes the kx
// result, both public keys and the link's 256-bit secret (BLAKE2b keyed by the secret). The
// PeerServer and anyone on the path see both public keys but not the secret, so they cannot
// compute the key; a party that does not hold the secret fails the confirmation and never
// receives a byte of the identity. The secret is already full entropy: a PAKE would add nothing.
//
//   hello    new → old  magic, 1, new device's kx public key
//   reply    old → new  magic, 2, old device's kx public key, old device's confirmation
//   confirm  new → old  magic, 3, new device's confirmation
//
// The old device streams only after a correct `confirm`; the new device trusts the stream only
// after a correct `reply`.

export type HandshakeFailure = 'malformed' | 'wrong-secret';

export class TransferHandshakeError extends Error {
	constructor(
		readonly failure: HandshakeFailure,
		detail: string
	) {
		super(`${failure}: ${detail}`);
		this.name = 'TransferHandshakeError';
	}
}

const MAGIC = utf8('PTX1');
const KEY_BYTES = 32;
const CONFIRM_BYTES = 32;
const DOMAIN = utf8('parley/transfer/v1');
const HELLO = 1;
const REPLY = 2;
const CONFIRM = 3;

export const HELLO_BYTES = MAGIC.length + 1 + KEY_BYTES;
export const REPLY_BYTES = MAGIC.length + 1 + KEY_BYTES + CONFIRM_BYTES;
export const CONFIRM_MESSAGE_BYTES = MAGIC.length + 1 + CONFIRM_BYTES;

export interface NewDeviceHandshake {
	hello: Uint8Array;
	/** Checks the old device's reply: the confirmation to send back and the stream key. */
	onReply(reply: Uint8Array): { confirm: Uint8Array; streamKey: Uint8Array };
}

export interface OldDeviceHandshake {
	reply: Uint8Array;
	/** Checks the new device's confirmation: the stream key, or a throw (the code is then spent). */
	onConfirm(confirm: Uint8Array): Uint8Array;
}

/** The new device (it dials the code's peer id) starts. */
export function startNewDevice(sodium: Sodium, secret: Uint8Array): NewDeviceHandshake {
	checkSecret(secret);
	const own = sodium.crypto_kx_keypair();
	return {
		hello: message(HELLO, own.publicKey),
		onReply(reply) {
			const body = open(reply, REPLY, REPLY_BYTES);
			const oldKey = body.subarray(0, KEY_BYTES);
			const shared = sessionKeys(sodium, () => sodium.crypto_kx_client_session_keys(own.publicKey, own.privateKey, oldKey));
			const key = transferKey(sodium, secret, own.publicKey, oldKey, concatBytes(shared.sharedTx, shared.sharedRx));
			if (!equal(sodium, body.subarray(KEY_BYTES), label(sodium, key, 'old'))) throw new TransferHandshakeError('wrong-secret', 'the old device does not hold this code');
			return { confirm: message(CONFIRM, label(sodium, key, 'new')), streamKey: label(sodium, key, 'stream') };
		}
	};
}

/** The old device answers the first hello on its throwaway id. */
export function answerNewDevice(sodium: Sodium, secret: Uint8Array, hello: Uint8Array): OldDeviceHandshake {
	checkSecret(secret);
	const newKey = open(hello, HELLO, HELLO_BYTES);
	const own = sodium.crypto_kx_keypair();
	const shared = sessionKeys(sodium, () => sodium.crypto_kx_server_session_keys(own.publicKey, own.privateKey, newKey));
	// The server's rx is the client's tx: the same bytes in the same order on both sides.
	const key = transferKey(sodium, secret, newKey, own.publicKey, concatBytes(shared.sharedRx, shared.sharedTx));
	return {
		reply: message(REPLY, concatBytes(own.publicKey, label(sodium, key, 'old'))),
		onConfirm(confirm) {
			const body = open(confirm, CONFIRM, CONFIRM_MESSAGE_BYTES);
			if (!equal(sodium, body, label(sodium, key, 'new'))) throw new TransferHandshakeError('wrong-secret', 'the new device does not hold this code');
			return label(sodium, key, 'stream');
		}
	};
}

function checkSecret(secret: Uint8Array): void {
	if (secret.length !== TRANSFER_SECRET_BYTES) throw new TransferHandshakeError('malformed', `secret of ${secret.length} bytes`);
}

function message(kind: number, body: Uint8Array): Uint8Array {
	return concatBytes(MAGIC, new Uint8Array([kind]), body);
}

function open(bytes: Uint8Array, kind: number, length: number): Uint8Array {
	if (!(bytes instanceof Uint8Array) || bytes.length !== length) throw new TransferHandshakeError('malformed', `message of ${String(bytes?.length)} bytes, expected ${length}`);
	if (MAGIC.some((byte, i) => bytes[i] !== byte) || bytes[MAGIC.length] !== kind) throw new TransferHandshakeError('malformed', `not message ${kind}`);
	return bytes.subarray(MAGIC.length + 1);
}

function sessionKeys(sodium: Sodium, derive: () => { sharedRx: Uint8Array; sharedTx: Uint8Array }): { sharedRx: Uint8Array; sharedTx: Uint8Array } {
	try {
		return derive();
	} catch {
		// libsodium refuses a low-order point (an all-zero key, for instance).
		throw new TransferHandshakeError('malformed', 'unusable public key');
	}
}

function transferKey(sodium: Sodium, secret: Uint8Array, newKey: Uint8Array, oldKey: Uint8Array, shared: Uint8Array): Uint8Array {
	return sodium.crypto_generichash(KEY_BYTES, concatBytes(DOMAIN, newKey, oldKey, shared), secret);
}

function label(sodium: Sodium, key: Uint8Array, name: 'old' | 'new' | 'stream'): Uint8Array {
	return sodium.crypto_generichash(KEY_BYTES, utf8(`parley/transfer/${name}`), key);
}

function equal(sodium: Sodium, a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && sodium.memcmp(a, b);
}
