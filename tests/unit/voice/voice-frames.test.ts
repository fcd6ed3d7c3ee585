import { encode } from '@msgpack/msgpack';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIdentity, type Identity } from '../../../src/lib/crypto/identity';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import { incomingFileRow } from '../../../src/lib/db/file-rows';
import { FileBody } from '../../../src/lib/files/file-frames';
import { MAX_VOICE_MS, MAX_VOICE_PEAKS, MIN_VOICE_PEAKS, VOICE_PEAKS } from '../../../src/lib/files/voice-limits';
import { GROUP_ID_LENGTH, parseGroupId, type GroupId } from '../../../src/lib/group/group-ids';
import { GroupMessageFrame } from '../../../src/lib/group/group-frames';
import { signGroupMessage, verifyGroupMessage } from '../../../src/lib/group/group-signing';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { fileBody as bodyOfRow } from '../../../src/lib/messenger/outbox';
import { decodeSealedPlaintext } from '../../../src/lib/protocol/codec';
import { MessageFrame } from '../../../src/lib/protocol/frames';

let sodium: Sodium;
let alice: Identity;

beforeAll(async () => {
	sodium = await loadSodium();
	alice = createIdentity(sodium);
});

const voiceBody = (overrides: Record<string, unknown> = {}) => ({
	kind: 'file',
	hash: new Uint8Array(32).fill(1),
	key: new Uint8Array(32).fill(2),
	name: 'voice.webm',
	type: 'audio/webm;codecs=opus',
	size: 40_000,
	dur: 3_200,
	peaks: Uint8Array.from({ length: VOICE_PEAKS }, (_, i) => (i * 4) % 256),
	...overrides
});
const message = (body: Record<string, unknown>) => ({ t: 'msg', id: newMessageId(), seq: 1, ts: 1_700_000_000_000, body });
const decode = (frame: unknown) => decodeSealedPlaintext(encode(frame));
const g = parseGroupId(`g${'a'.repeat(GROUP_ID_LENGTH - 1)}`) as GroupId;

describe('a voice message on the wire (PROTOCOL §13g)', () => {
	it('round-trips a voice message, its duration and waveform intact', () => {
		const frame = message(voiceBody());
		expect(decode(frame)).toEqual({ ok: true, frame });
		expect(decode(message(voiceBody({ dur: MAX_VOICE_MS, peaks: new Uint8Array(MAX_VOICE_PEAKS).fill(255) })))).toMatchObject({ ok: true });
		expect(decode(message(voiceBody({ dur: 1, peaks: new Uint8Array(MIN_VOICE_PEAKS) })))).toMatchObject({ ok: true });
	});

	it.each([
		['a duration of zero', { dur: 0 }],
		['a negative duration', { dur: -5 }],
		['a fractional duration', { dur: 1.5 }],
		['a duration over the longest recording', { dur: MAX_VOICE_MS + 1 }],
		['a duration that is not a number', { dur: '3000' }],
		['too few waveform bars', { peaks: new Uint8Array(MIN_VOICE_PEAKS - 1) }],
		['too many waveform bars', { peaks: new Uint8Array(MAX_VOICE_PEAKS + 1) }],
		['a duration without a waveform', { peaks: undefined }],
		['a waveform without a duration', { dur: undefined }],
		['a voice message that is not audio', { type: 'text/html' }],
		['a voice message with no type', { type: '' }]
	])('refuses %s as invalid', (_name, overrides) => {
		expect(decode(message(voiceBody(overrides)))).toMatchObject({ ok: false, reason: 'invalid' });
	});

	it('refuses a waveform of numbers instead of bytes (values over a byte cannot exist)', () => {
		const numbers = Array.from({ length: VOICE_PEAKS }, () => 1000);
		expect(v.is(FileBody, voiceBody({ peaks: numbers }))).toBe(false);
		expect(v.is(FileBody, voiceBody({ peaks: new Uint16Array(VOICE_PEAKS).fill(1000) }))).toBe(false);
		// On the wire an array in the body is one level too deep: refused before it is decoded.
		expect(decode(message(voiceBody({ peaks: numbers })))).toMatchObject({ ok: false });
	});

	it('checks the body of a direct and a group message alike', () => {
		const noWave = voiceBody({ peaks: undefined });
		expect(v.is(FileBody, noWave)).toBe(true);
		expect(v.is(MessageFrame, message(noWave))).toBe(false);
		expect(v.is(MessageFrame, message(voiceBody()))).toBe(true);
		const frame = signGroupMessage(sodium, alice, { g, seq: 1, id: newMessageId(), ts: 1, body: voiceBody() as never });
		expect(v.is(GroupMessageFrame, frame)).toBe(true);
		expect(v.is(GroupMessageFrame, { ...frame, body: voiceBody({ dur: undefined }) })).toBe(false);
		expect(v.is(GroupMessageFrame, { ...frame, body: voiceBody({ type: 'image/png' }) })).toBe(false);
		// An ordinary file is still an ordinary file.
		expect(v.is(MessageFrame, message(voiceBody({ dur: undefined, peaks: undefined, type: 'image/png' })))).toBe(true);
	});

	it('signs the duration and waveform in a group: a relay cannot change, add or strip them', () => {
		const frame = signGroupMessage(sodium, alice, { g, seq: 1, id: newMessageId(), ts: 1, body: voiceBody() as never });
		expect(verifyGroupMessage(sodium, frame).ok).toBe(true);
		const peaks = new Uint8Array(VOICE_PEAKS).fill(9);
		for (const change of [{ dur: 3_201 }, { peaks }, { dur: undefined, peaks: undefined }]) {
			const altered = { ...frame, body: { ...frame.body, ...change } };
			expect(verifyGroupMessage(sodium, altered as typeof frame).ok, JSON.stringify(Object.keys(change))).toBe(false);
		}
		const plain = signGroupMessage(sodium, alice, { g, seq: 1, id: newMessageId(), ts: 1, body: voiceBody({ dur: undefined, peaks: undefined }) as never });
		expect(verifyGroupMessage(sodium, { ...plain, body: { ...plain.body, dur: 3_200, peaks } } as typeof plain).ok).toBe(false);
	});

	it('keeps the voice fields from the message to the receiver row and back to a resent body', () => {
		const body = v.parse(FileBody, voiceBody());
		const row = incomingFileRow(body, newMessageId(), 'peer', 'peer', 1, true);
		expect(row.voice).toEqual({ durationMs: 3_200, peaks: body.peaks });
		const resent = bodyOfRow({ ...row, direction: 'out' }, '');
		expect(resent.dur).toBe(3_200);
		expect(resent.peaks).toEqual(body.peaks);
		const plain = incomingFileRow(v.parse(FileBody, voiceBody({ dur: undefined, peaks: undefined })), newMessageId(), 'peer', 'peer', 1, true);
		expect(plain.voice).toBeUndefined();
		expect(bodyOfRow(plain, '')).not.toHaveProperty('dur');
	});
});
