import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { decodeSealedPlaintext } from '../../../src/lib/protocol/codec';

// Message actions on the wire: a reply names its original by id only, a delete names its target.
const id = newMessageId(1_700_000_000_000);
const other = newMessageId(1_700_000_000_001);
const msg = (fields: Record<string, unknown>) => ({ t: 'msg', id, seq: 1, ts: 0, body: { kind: 'text', text: 'hi' }, ...fields });
const del = (fields: Record<string, unknown>) => ({ t: 'delete', id, target: other, ts: 0, ...fields });
const decode = (frame: unknown) => decodeSealedPlaintext(encode(frame));
const reasonFor = (frame: unknown) => {
	const decoded = decode(frame);
	return decoded.ok ? 'ok' : decoded.reason;
};

describe('reply and delete frames', () => {
	it.each([
		['a reply naming its original', msg({ reply: other })],
		['a delete at time 0', del({})],
		['a delete at the largest time', del({ ts: Number.MAX_SAFE_INTEGER })]
	])('accepts %s', (_name, frame) => {
		expect(decode(frame)).toEqual({ ok: true, frame });
	});

	it.each([
		['a reply to something that is not a message id', msg({ reply: 'nope' })],
		['a reply carrying the quoted text instead of an id', msg({ reply: { id: other, text: 'words they never wrote' } })],
		['a delete without a target', del({ target: undefined })],
		['a delete of a target that is not a message id', del({ target: 'x' })],
		['a delete whose own id is not a UUIDv7', del({ id: '0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b' })],
		['a delete with a negative time', del({ ts: -1 })]
	])('refuses %s', (_name, frame) => {
		expect(reasonFor(frame)).toBe('invalid');
	});

	it('knows the delete type', () => {
		expect(reasonFor({ t: 'delete' })).toBe('invalid');
	});

	it('drops fields a delete does not have (no text can ride along)', () => {
		expect(decode(del({ text: 'secret' }))).toEqual({ ok: true, frame: del({}) });
	});
});
