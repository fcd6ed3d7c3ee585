import { decode, encode } from '@msgpack/msgpack';
import * as v from 'valibot';
import { HelloFrame, SEALED_FRAME_TYPES, SealedFrame } from './frames';
import { MAX_FRAME_BYTES, MAX_HELLO_BYTES } from './limits';
import type { RejectReason } from './reject';

export const HELLO_KIND = 0x01;

export type Decoded<T> = { ok: true; frame: T } | { ok: false; reason: RejectReason; detail: string };

// Bounds for the decoder itself, so a hostile length prefix cannot make it allocate much.
const DECODE_LIMITS = {
	maxStrLength: MAX_FRAME_BYTES,
	maxBinLength: MAX_FRAME_BYTES,
	maxArrayLength: 1024,
	maxMapLength: 32,
	maxExtLength: 0
};

export function encodeFrame(frame: SealedFrame): Uint8Array {
	return encode(frame);
}

export function encodeHello(frame: HelloFrame): Uint8Array {
	const body = encode(frame);
	const out = new Uint8Array(body.length + 1);
	out[0] = HELLO_KIND;
	out.set(body, 1);
	return out;
}

export function decodeHello(wire: Uint8Array): Decoded<HelloFrame> {
	if (wire.length > MAX_HELLO_BYTES) return reject('oversized', `${wire.length} bytes`);
	if (wire[0] !== HELLO_KIND) return reject('unexpected', 'expected a hello frame');
	return validate(wire.subarray(1), (value) => v.safeParse(HelloFrame, value));
}

/** Decodes the plaintext of a sealed frame: msgpack, then the schema. */
export function decodeSealedPlaintext(plaintext: Uint8Array): Decoded<SealedFrame> {
	return validate(plaintext, (value) => {
		const type = typeof value === 'object' && value !== null ? (value as { t?: unknown }).t : undefined;
		if (typeof type !== 'string' || !SEALED_FRAME_TYPES.has(type)) return 'unknown-type';
		return v.safeParse(SealedFrame, value);
	});
}

type Parse<T> = (value: unknown) => v.SafeParseResult<v.GenericSchema<unknown, T>> | 'unknown-type';

function validate<T>(body: Uint8Array, parse: Parse<T>): Decoded<T> {
	let value: unknown;
	try {
		value = decode(body, DECODE_LIMITS);
	} catch (error) {
		return reject('malformed', error instanceof Error ? error.message : 'undecodable');
	}
	const result = parse(value);
	if (result === 'unknown-type') return reject('unknown-type', describeType(value));
	if (!result.success) return reject('invalid', summarizeIssues(result.issues));
	return { ok: true, frame: result.output };
}

function describeType(value: unknown): string {
	const type = typeof value === 'object' && value !== null ? (value as { t?: unknown }).t : undefined;
	return typeof type === 'string' ? `type "${type.slice(0, 16)}"` : 'no type field';
}

function summarizeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
	return issues
		.slice(0, 3)
		.map((issue) => `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`)
		.join('; ');
}

function reject(reason: RejectReason, detail: string): { ok: false; reason: RejectReason; detail: string } {
	return { ok: false, reason, detail };
}
