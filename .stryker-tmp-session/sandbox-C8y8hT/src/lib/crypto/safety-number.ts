// @ts-nocheck
import { concatBytes, utf8 } from '../ids/encoding';
import type { Sodium } from './sodium';

/**
 * A number two people compare face to face: if it matches on both phones, each holds the
 * other's real key. Each key is hashed on its own (iterated, so grinding a key whose number
 * looks alike is costly) into 30 digits; the two halves are ordered so both sides see the same.
 */
const LABEL = utf8('parley/safety-number/v1');
const ITERATIONS = 2048;
const DIGITS_PER_KEY = 30;

export function keyDigits(sodium: Sodium, publicKey: Uint8Array): string {
	let digest = sodium.crypto_generichash(32, concatBytes(LABEL, publicKey), null);
	for (let i = 0; i < ITERATIONS; i++) digest = sodium.crypto_generichash(32, concatBytes(digest, publicKey), null);
	let out = '';
	// Six chunks of 5 bytes, each reduced to 5 decimal digits (bias is negligible at 2^40 / 10^5).
	for (let chunk = 0; chunk < DIGITS_PER_KEY / 5; chunk++) {
		let value = 0;
		for (let i = 0; i < 5; i++) value = value * 256 + (digest[chunk * 5 + i] ?? 0);
		out += (value % 100_000).toString().padStart(5, '0');
	}
	return out;
}

/** 60 digits, the same for both parties whatever the order of the keys. */
export function safetyNumber(sodium: Sodium, keyA: Uint8Array, keyB: Uint8Array): string {
	const [first, second] = [keyDigits(sodium, keyA), keyDigits(sodium, keyB)].sort();
	return `${first}${second}`;
}

/** 12 groups of 5 digits, for display. */
export function formatSafetyNumber(number: string): string[] {
	return number.match(/\d{5}/g) ?? [];
}

/** What the QR code carries: the scanner compares it with its own computation. */
export function safetyQrPayload(number: string): string {
	return `parley-safety:1:${number}`;
}
