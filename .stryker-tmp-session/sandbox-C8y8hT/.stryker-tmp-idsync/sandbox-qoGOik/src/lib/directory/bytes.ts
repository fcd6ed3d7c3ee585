// @ts-nocheck
// 
// Byte helpers shared by the directory record and the registration token. Both are signed, so
// every integer has exactly one encoding and every variable-length field carries its length.

/** Unsigned 64-bit big-endian; only safe integers (timestamps in ms) are ever encoded. */
export function u64(value: number): Uint8Array {
	if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('not a non-negative safe integer');
	const out = new Uint8Array(8);
	new DataView(out.buffer).setBigUint64(0, BigInt(value));
	return out;
}

/** Reads 8 big-endian bytes at `offset`; null if the value is beyond Number.MAX_SAFE_INTEGER. */
export function readU64(bytes: Uint8Array, offset: number): number | null {
	const value = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset);
	return value > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(value);
}

/** 4-byte big-endian length, then the bytes: concatenated fields can never be re-split. */
export function lengthPrefixed(...fields: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(fields.reduce((n, field) => n + 4 + field.length, 0));
	const view = new DataView(out.buffer);
	let offset = 0;
	for (const field of fields) {
		view.setUint32(offset, field.length);
		out.set(field, offset + 4);
		offset += 4 + field.length;
	}
	return out;
}
