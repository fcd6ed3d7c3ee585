import { beforeAll, describe, expect, it } from 'vitest';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import { answerNewDevice, startNewDevice, TransferHandshakeError } from '../../../src/lib/transfer/transfer-handshake';
import { doneMessage, isDoneMessage } from '../../../src/lib/transfer/transfer-done';

let sodium: Sodium;
beforeAll(async () => {
	sodium = await loadSodium();
});

function failureOf(action: () => unknown): string | null {
	try {
		action();
		return null;
	} catch (error) {
		return error instanceof TransferHandshakeError ? error.failure : 'other';
	}
}

describe('transfer handshake', () => {
	it('gives both devices the same stream key when both hold the secret', () => {
		const secret = sodium.randombytes_buf(32);
		const newDevice = startNewDevice(sodium, secret);
		const oldDevice = answerNewDevice(sodium, secret, newDevice.hello);
		const { confirm, streamKey } = newDevice.onReply(oldDevice.reply);
		expect(oldDevice.onConfirm(confirm)).toEqual(streamKey);
		expect(streamKey).not.toEqual(secret);
	});

	it('is refused by the new device when the old one does not hold the secret (a MITM or the server)', () => {
		const newDevice = startNewDevice(sodium, sodium.randombytes_buf(32));
		const impostor = answerNewDevice(sodium, sodium.randombytes_buf(32), newDevice.hello);
		expect(failureOf(() => newDevice.onReply(impostor.reply))).toBe('wrong-secret');
	});

	it('is refused by the old device when the new one does not hold the secret: no record is sent', () => {
		const secret = sodium.randombytes_buf(32);
		const oldDevice = answerNewDevice(sodium, secret, startNewDevice(sodium, sodium.randombytes_buf(32)).hello);
		// The impostor cannot check the reply, so it can only guess a confirmation.
		const guess = new Uint8Array(oldDevice.reply.length - 32);
		guess.set(oldDevice.reply.subarray(0, 5));
		guess[4] = 3;
		expect(failureOf(() => oldDevice.onConfirm(guess))).toBe('wrong-secret');
	});

	it('refuses a confirmation with a byte too many as malformed, before comparing it', () => {
		const secret = sodium.randombytes_buf(32);
		const newDevice = startNewDevice(sodium, secret);
		const oldDevice = answerNewDevice(sodium, secret, newDevice.hello);
		const { confirm } = newDevice.onReply(oldDevice.reply);
		expect(failureOf(() => oldDevice.onConfirm(new Uint8Array([...confirm, 0])))).toBe('malformed');
	});

	it('refuses a reply whose public key was swapped on the way', () => {
		const secret = sodium.randombytes_buf(32);
		const newDevice = startNewDevice(sodium, secret);
		const reply = answerNewDevice(sodium, secret, newDevice.hello).reply.slice();
		reply.set(sodium.crypto_kx_keypair().publicKey, 5);
		expect(failureOf(() => newDevice.onReply(reply))).toBe('wrong-secret');
	});

	it('refuses messages of the wrong size or kind, and an unusable key', () => {
		const secret = sodium.randombytes_buf(32);
		const newDevice = startNewDevice(sodium, secret);
		expect(failureOf(() => answerNewDevice(sodium, secret, newDevice.hello.subarray(1)))).toBe('malformed');
		const wrongKind = newDevice.hello.slice();
		wrongKind[4] = 2;
		expect(failureOf(() => answerNewDevice(sodium, secret, wrongKind))).toBe('malformed');
		const badMagic = newDevice.hello.slice();
		badMagic[0] = 0;
		expect(failureOf(() => answerNewDevice(sodium, secret, badMagic))).toBe('malformed');
		const zeroKey = newDevice.hello.slice();
		zeroKey.fill(0, 5);
		expect(failureOf(() => answerNewDevice(sodium, secret, zeroKey))).toBe('malformed');
		expect(failureOf(() => newDevice.onReply(new Uint8Array(1_000_000)))).toBe('malformed');
		expect(failureOf(() => startNewDevice(sodium, new Uint8Array(16)))).toBe('malformed');
	});

	it('accepts only the done proof made with the stream key', () => {
		const key = sodium.randombytes_buf(32);
		expect(isDoneMessage(sodium, key, doneMessage(sodium, key))).toBe(true);
		expect(isDoneMessage(sodium, key, doneMessage(sodium, sodium.randombytes_buf(32)))).toBe(false);
		const wrongKind = doneMessage(sodium, key);
		wrongKind[4] = 3;
		expect(isDoneMessage(sodium, key, wrongKind)).toBe(false);
		expect(isDoneMessage(sodium, key, doneMessage(sodium, key).subarray(1))).toBe(false);
		expect(isDoneMessage(sodium, key, new Uint8Array([...doneMessage(sodium, key), 0]))).toBe(false);
	});
});
