/**
 * Message ids are UUIDv7: 48 bits of milliseconds then 74 random bits. Globally unique without
 * coordination, and they sort by creation time, which keeps IndexedDB primary-key inserts local.
 */
// @ts-nocheck

export type MessageId = string & { readonly __brand: 'MessageId' };

const UUID_V7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export type RandomBytes = (length: number) => Uint8Array;

const defaultRandom: RandomBytes = (length) => crypto.getRandomValues(new Uint8Array(length));

export function newMessageId(now = Date.now(), random: RandomBytes = defaultRandom): MessageId {
	const bytes = random(16);
	let ms = Math.max(0, Math.floor(now));
	for (let i = 5; i >= 0; i--) {
		bytes[i] = ms % 256;
		ms = Math.floor(ms / 256);
	}
	bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
	bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
	const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` as MessageId;
}

export function parseMessageId(text: unknown): MessageId | null {
	return typeof text === 'string' && UUID_V7_PATTERN.test(text) ? (text as MessageId) : null;
}
