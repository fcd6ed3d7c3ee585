/**
 * A pass over MessagePack bytes that checks the SHAPE of a frame before anything is decoded:
 * nesting depth, container sizes, item count and string/binary sizes. It walks the bytes with an
 * explicit stack of remaining-item counters and allocates nothing per item, so a hostile frame
 * (64 KiB of nested arrays, an ack with a thousand ids) is refused in microseconds instead of
 * being materialised and then validated item by item.
 */
export interface StructureLimits {
	/** Containers inside containers: a frame is a map (1) holding a body map or id array (2). */
	readonly maxDepth: number;
	readonly maxArrayLength: number;
	readonly maxMapSize: number;
	/** Every value, keys included, counted once. */
	readonly maxItems: number;
	readonly maxStringBytes: number;
	readonly maxBinaryBytes: number;
}

export type ScanResult = { ok: true } | { ok: false; detail: string };

const OK: ScanResult = { ok: true };

export function scanStructure(bytes: Uint8Array, limits: StructureLimits): ScanResult {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// remaining[d] = values still expected inside the container open at depth d (0 = top level).
	const remaining = new Int32Array(limits.maxDepth + 1);
	// 1 where the container at that depth is a map: every other value in it is a key.
	const inMap = new Uint8Array(limits.maxDepth + 1);
	remaining[0] = 1;
	let depth = 0;
	let offset = 0;
	let items = 0;
	// No closure in here may capture `offset`: that would keep it in a heap context and make every
	// read and write of it in the loop a memory access (an ack of 512 ids took 0.3-0.8 ms instead of µs).
	const fail = (detail: string): ScanResult => ({ ok: false, detail });
	while (depth >= 0) {
		if (remaining[depth] === 0) {
			depth -= 1;
			continue;
		}
		const isKey = inMap[depth] === 1 && (remaining[depth] ?? 0) % 2 === 0;
		remaining[depth] = (remaining[depth] ?? 0) - 1;
		if (++items > limits.maxItems) return fail(`more than ${limits.maxItems} items`);
		if (offset >= bytes.length) return fail('truncated');
		const head = bytes[offset] ?? 0;
		offset += 1;
		let skip = 0;
		let children = -1;
		// Stryker disable next-line StringLiteral: equivalent, 'scalar' is only ever compared as "none of the others".
		let kind: 'str' | 'bin' | 'array' | 'map' | 'scalar' = 'scalar';
		if (head <= 0x7f || head >= 0xe0 || head === 0xc0 || head === 0xc2 || head === 0xc3) {
			// fixint, nil, booleans: nothing follows
		} else if (head >= 0xa0 && head <= 0xbf) {
			kind = 'str';
			skip = head & 0x1f;
		} else if (head >= 0x90 && head <= 0x9f) {
			kind = 'array';
			children = head & 0x0f;
		} else if (head <= 0x8f) {
			// fixmap, 0x80-0x8f: every head below took the first branch
			kind = 'map';
			children = head & 0x0f;
		} else {
			switch (head) {
				case 0xcc: case 0xd0: skip = 1; break;
				case 0xcd: case 0xd1: skip = 2; break;
				case 0xca: case 0xce: case 0xd2: skip = 4; break;
				case 0xcb: case 0xcf: case 0xd3: skip = 8; break;
				case 0xd9: case 0xc4: case 0xdc: case 0xde: case 0xda: case 0xc5: case 0xdb: case 0xc6: case 0xdd: case 0xdf: {
					const width = head === 0xd9 || head === 0xc4 ? 1 : head === 0xda || head === 0xc5 || head === 0xdc || head === 0xde ? 2 : 4;
					if (offset + width > bytes.length) return fail('truncated length');
					const length = width === 1 ? view.getUint8(offset) : width === 2 ? view.getUint16(offset) : view.getUint32(offset);
					offset += width;
					kind = head === 0xd9 || head === 0xda || head === 0xdb ? 'str' : head === 0xc4 || head === 0xc5 || head === 0xc6 ? 'bin' : head === 0xdc || head === 0xdd ? 'array' : 'map';
					if (kind === 'array' || kind === 'map') children = length;
					else skip = length;
					break;
				}
				default:
					// 0xc1 (never used) and every extension type: no frame carries one.
					return fail(`type byte 0x${head.toString(16)} not allowed`);
			}
		}
		// Every frame's keys are strings; anything else is never valid and decoders choke on it.
		if (isKey && kind !== 'str') return fail('map key is not a string');
		if (kind === 'str' && skip > limits.maxStringBytes) return fail(`string of ${skip} bytes`);
		if (kind === 'bin' && skip > limits.maxBinaryBytes) return fail(`binary of ${skip} bytes`);
		if (kind === 'array' && children > limits.maxArrayLength) return fail(`array of ${children}`);
		if (kind === 'map' && children > limits.maxMapSize) return fail(`map of ${children}`);
		// Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, skipping 0 bytes changes nothing.
		if (skip > 0) {
			if (offset + skip > bytes.length) return fail('truncated value');
			offset += skip;
		}
		// Stryker disable next-line EqualityOperator: equivalent, an empty container meets the same depth check in either branch.
		if (children > 0) {
			if (depth + 1 > limits.maxDepth) return fail(`nested deeper than ${limits.maxDepth}`);
			depth += 1;
			remaining[depth] = kind === 'map' ? children * 2 : children;
			inMap[depth] = kind === 'map' ? 1 : 0;
		} else if (children === 0 && depth + 1 > limits.maxDepth) {
			return fail(`nested deeper than ${limits.maxDepth}`);
		}
	}
	return offset === bytes.length ? OK : fail('trailing bytes');
}
