import { decode, encode, Encoder } from '@msgpack/msgpack';
import * as v from 'valibot';
import { HelloFrame, SEALED_FRAME_TYPES, SealedFrame } from './frames';
import { FRAME_STRUCTURE, MAX_HELLO_BYTES } from './limits';
import type { RejectReason } from './reject';
import { scanStructure } from './structure-scan';

export const HELLO_KIND = 0x01;

export type Decoded<T> = { ok: true; frame: T } | { ok: false; reason: RejectReason; detail: string };

// The decoder's own bounds repeat the structure scan's, as a second line if the two ever disagree.
// Stryker disable next-line ObjectLiteral: equivalent while the scan refuses all these inputs first.
const DECODE_LIMITS = {
	maxStrLength: FRAME_STRUCTURE.maxStringBytes,
	maxBinLength: FRAME_STRUCTURE.maxBinaryBytes,
	maxArrayLength: FRAME_STRUCTURE.maxArrayLength,
	maxMapLength: FRAME_STRUCTURE.maxMapSize,
	maxExtLength: 0
};
// A hostile frame stops at its first issue instead of paying for every bad item in it (valibot's
// abortEarly also ends each pipe at its first failed action).
// Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent in outcome (the first issue is the one reported); it only saves work.
const PARSE_CONFIG = { abortEarly: true } as const;

/** One encoder for every frame: its working buffer is reused; each result is a copy of its own. */
const frameEncoder = new Encoder();
/**
 * A signed group message is encoded once for every member it goes to: the same frame object is
 * handed to each member's session, and it never changes (its author's signature covers it).
 */
const encodedGroupMessages = new WeakMap<SealedFrame, Uint8Array>();

export function encodeFrame(frame: SealedFrame): Uint8Array {
	if (frame.t !== 'gmsg') return frameEncoder.encode(frame);
	let encoded = encodedGroupMessages.get(frame);
	if (!encoded) encodedGroupMessages.set(frame, (encoded = frameEncoder.encode(frame)));
	return encoded;
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
	return validate(wire.subarray(1), (value) => v.safeParse(HelloFrame, value, PARSE_CONFIG));
}

/** Decodes the plaintext of a sealed frame: msgpack, then the schema. */
export function decodeSealedPlaintext(plaintext: Uint8Array): Decoded<SealedFrame> {
	return validate(plaintext, (value) => {
		if (!SEALED_FRAME_TYPES.has(frameType(value) as string)) return 'unknown-type';
		return v.safeParse(SealedFrame, value, PARSE_CONFIG);
	});
}

type Parse<T> = (value: unknown) => v.SafeParseResult<v.GenericSchema<unknown, T>> | 'unknown-type';

function validate<T>(body: Uint8Array, parse: Parse<T>): Decoded<T> {
	const shape = scanStructure(body, FRAME_STRUCTURE);
	if (!shape.ok) return reject('malformed', shape.detail);
	let value: unknown;
	try {
		value = decode(body, DECODE_LIMITS);
	} catch (error) {
		// Stryker disable next-line StringLiteral: log detail only; the msgpack decoder throws Error objects, so the fallback text is never seen.
		return reject('malformed', error instanceof Error ? error.message : 'undecodable');
	}
	const result = parse(value);
	if (result === 'unknown-type') return reject('unknown-type', describeType(value));
	if (!result.success) return reject('invalid', describeIssue(result.issues[0]));
	return { ok: true, frame: result.output };
}

/** The `t` field of whatever was decoded (a number or nil has none). */
function frameType(value: unknown): unknown {
	return (value as { t?: unknown } | null | undefined)?.t;
}

function describeType(value: unknown): string {
	const type = frameType(value);
	return typeof type === 'string' ? `type "${type.slice(0, 16)}"` : 'no type field';
}

/** Parsing stops at the first issue, so that one is the whole story. */
function describeIssue(issue: v.BaseIssue<unknown>): string {
	return `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`;
}

function reject(reason: RejectReason, detail: string): { ok: false; reason: RejectReason; detail: string } {
	return { ok: false, reason, detail };
}
