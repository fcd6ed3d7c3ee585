import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { decodeSealedPlaintext } from '../../../src/lib/protocol/codec';
import {
	MAX_ACK_IDS,
	MAX_CONVERSATION_ID_CHARS,
	MAX_NAME_CHARS,
	MAX_TEXT_CHARS
} from '../../../src/lib/protocol/limits';

// Every field bound of every sealed frame, met exactly and then passed by one: a peer that relies
// on the documented limits (PROTOCOL.md) must get through, and nothing past them may.
const id = newMessageId(1_700_000_000_000);
const other = newMessageId(1_700_000_000_001);
const msg = (fields: Record<string, unknown>) => ({ t: 'msg', id, seq: 1, ts: 0, body: { kind: 'text', text: 'hi' }, ...fields });
const edit = (fields: Record<string, unknown>) => ({ t: 'edit', id, target: other, version: 1, ts: 0, text: 'hi', ...fields });

const decode = (frame: unknown) => decodeSealedPlaintext(encode(frame));
const reasonFor = (frame: unknown) => {
	const decoded = decode(frame);
	return decoded.ok ? 'ok' : decoded.reason;
};

describe('sealed frame schemas accept every value the protocol allows', () => {
	it.each([
		['a message at the top of every range', msg({ seq: Number.MAX_SAFE_INTEGER, ts: Number.MAX_SAFE_INTEGER, v: Number.MAX_SAFE_INTEGER })],
		['a message with version 0 and the longest text', msg({ v: 0, body: { kind: 'text', text: 'x'.repeat(MAX_TEXT_CHARS) } })],
		['a message in a conversation with the longest id', msg({ conv: 'c'.repeat(MAX_CONVERSATION_ID_CHARS) })],
		['an edit at its lowest version and time', edit({ version: 1, ts: 0, text: 'x' })],
		['an edit with the longest text', edit({ version: Number.MAX_SAFE_INTEGER, text: 'y'.repeat(MAX_TEXT_CHARS) })],
		['an ack of one id', { t: 'ack', ids: [id] }],
		['an ack of the most ids', { t: 'ack', ids: Array.from({ length: MAX_ACK_IDS }, () => id) }],
		['a profile with the longest name', { t: 'profile', name: 'n'.repeat(MAX_NAME_CHARS) }],
		['a one-letter profile name', { t: 'profile', name: 'n' }],
		['a profile with research consent given', { t: 'profile', name: 'n', research: true }],
		['a profile with research consent withdrawn', { t: 'profile', name: 'n', research: false }],
		['a ping at zero', { t: 'ping', n: 0 }],
		['a pong at the largest count', { t: 'pong', n: Number.MAX_SAFE_INTEGER }],
		['an auth signature of 64 bytes', { t: 'auth', sig: new Uint8Array(64) }]
	])('%s', (_name, frame) => {
		expect(decode(frame)).toEqual({ ok: true, frame });
	});

	it('trims a profile name before it is stored', () => {
		expect(decode({ t: 'profile', name: '  Alice  ' })).toEqual({ ok: true, frame: { t: 'profile', name: 'Alice' } });
	});
});

describe('sealed frame schemas refuse every value past a bound', () => {
	it.each([
		['a message sequence of 0 (sequences start at 1)', msg({ seq: 0 })],
		['a fractional sequence', msg({ seq: 1.5 })],
		['a sequence past the safe integers', msg({ seq: Number.MAX_SAFE_INTEGER + 2 })],
		['a negative time', msg({ ts: -1 })],
		['a time given as text', msg({ ts: '0' })],
		['a negative version', msg({ v: -1 })],
		['an empty text', msg({ body: { kind: 'text', text: '' } })],
		['a text one character too long', msg({ body: { kind: 'text', text: 'x'.repeat(MAX_TEXT_CHARS + 1) } })],
		['a body of an unknown kind', msg({ body: { kind: 'file', text: 'hi' } })],
		['a conversation id one character too long', msg({ conv: 'c'.repeat(MAX_CONVERSATION_ID_CHARS + 1) })],
		['a conversation id that is not text', msg({ conv: 7 })],
		['a message id that is not a UUIDv7', msg({ id: '0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b' })],
		['an edit at version 0', edit({ version: 0 })],
		['an edit of a target that is not a message id', edit({ target: 'nope' })],
		['an edit with its own id missing', edit({ id: undefined })],
		['an edit with an empty text', edit({ text: '' })],
		['an edit one character too long', edit({ text: 'y'.repeat(MAX_TEXT_CHARS + 1) })],
		['an empty ack', { t: 'ack', ids: [] }],
		['an ack holding something that is not an id', { t: 'ack', ids: [id, 'x'] }],
		['a profile name of only spaces', { t: 'profile', name: '   ' }],
		['a profile name one character too long', { t: 'profile', name: 'n'.repeat(MAX_NAME_CHARS + 1) }],
		['a research consent given as text', { t: 'profile', name: 'n', research: 'yes' }],
		['a research consent given as a number', { t: 'profile', name: 'n', research: 1 }],
		['a research consent given as a map', { t: 'profile', name: 'n', research: { yes: true } }],
		['a negative ping', { t: 'ping', n: -1 }],
		['a fractional pong', { t: 'pong', n: 0.5 }],
		['an auth signature of 63 bytes', { t: 'auth', sig: new Uint8Array(63) }],
		['an auth signature given as a list of numbers', { t: 'auth', sig: Array.from({ length: 64 }, () => 0) }]
	])('%s', (_name, frame) => {
		expect(reasonFor(frame)).toBe('invalid');
	});

	it('refuses an ack one id longer than the bound', () => {
		// The structure scan's array bound is the same number, so this is caught before decoding.
		expect(reasonFor({ t: 'ack', ids: Array.from({ length: MAX_ACK_IDS + 1 }, () => id) })).toBe('malformed');
	});
});

describe('sealed frame types', () => {
	it.each(['hello', 'message', 'file', 'toString', '__proto__'])('refuses type "%s" as unknown', (type) => {
		expect(reasonFor({ t: type })).toBe('unknown-type');
	});

	it.each(['auth', 'profile', 'msg', 'edit', 'ack', 'ping', 'pong'])('knows type "%s" (an empty one is invalid, not unknown)', (type) => {
		expect(reasonFor({ t: type })).toBe('invalid');
	});
});
