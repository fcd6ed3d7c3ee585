import { describe, expect, it } from 'vitest';
import { SEALED_HEADER_BYTES, SEALED_TAG_BYTES } from '../../../src/lib/crypto/session-cipher';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { decodeSealedPlaintext, encodeFrame } from '../../../src/lib/protocol/codec';
import type { AppFrame, MessageFrame } from '../../../src/lib/protocol/frames';
import { MAX_FRAME_BYTES } from '../../../src/lib/protocol/limits';
import { decodePack, isPack, PACK_HEADER_BYTES, PACK_LENGTH_BYTES } from '../../../src/lib/protocol/pack';
import { SendPacker } from '../../../src/lib/session/send-packer';

// The packer on its own: what leaves at once, what leaves at the end of the task, and how a
// run is cut so that every pack still fits the receiver's frame limit once sealed.

/** What a sealed frame adds to its plaintext: the limit a pack's plaintext must stay within. */
const PACK_ROOM_BYTES = MAX_FRAME_BYTES - SEALED_HEADER_BYTES - SEALED_TAG_BYTES;

const message = (seq: number, text = `m${seq}`): MessageFrame => ({ t: 'msg', id: newMessageId(), seq, ts: 1_700_000_000_000, body: { kind: 'text', text } });
const ack = (): AppFrame => ({ t: 'ack', ids: [newMessageId()] });

function packer(maxFrames: number) {
	const sent: Uint8Array[] = [];
	/** What left, one entry per plaintext: a label per frame, packs as arrays. */
	const wire = () =>
		sent.map((plaintext) => {
			const decoded = isPack(plaintext) ? decodePack(plaintext) : decodeSealedPlaintext(plaintext);
			if (!decoded.ok) throw new Error(decoded.detail);
			return Array.isArray(decoded.frame) ? decoded.frame.map(label) : label(decoded.frame);
		});
	return { packer: new SendPacker(maxFrames, (plaintext) => void sent.push(plaintext)), sent, wire };
}

const label = (frame: { t: string; seq?: number }): string => (frame.t === 'msg' ? `m${frame.seq}` : frame.t);

const endOfTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('the send packer', () => {
	it('sends another kind of frame at once, after the messages gathered before it', () => {
		const { packer: p, wire } = packer(8);
		p.send(message(1));
		p.send(message(2));
		p.send(message(3));
		p.send(ack());
		// All before the task ends: the ack does not wait for the end of the task.
		expect(wire()).toEqual(['m1', ['m2', 'm3'], 'ack']);
	});

	it('packs each task on its own: nothing of one task leaves again with the next', async () => {
		const { packer: p, wire } = packer(8);
		for (const seq of [1, 2, 3]) p.send(message(seq));
		await endOfTask();
		for (const seq of [4, 5, 6]) p.send(message(seq));
		await endOfTask();
		expect(wire()).toEqual(['m1', ['m2', 'm3'], 'm4', ['m5', 'm6']]);
	});

	it('packs two frames for a peer that takes two a pack, and none for one that takes one', async () => {
		const two = packer(2);
		const one = packer(1);
		for (const { packer: p } of [two, one]) for (const seq of [1, 2, 3, 4]) p.send(message(seq));
		await endOfTask();
		expect(two.wire()).toEqual(['m1', ['m2', 'm3'], 'm4']);
		expect(one.wire()).toEqual(['m1', 'm2', 'm3', 'm4']);
	});

	it('fills a pack up to the sealed frame limit exactly, and cuts it one byte later', async () => {
		// Nine long messages and a last one sized so the pack is exactly PACK_ROOM_BYTES.
		const sizeOf = (frames: MessageFrame[]) => PACK_HEADER_BYTES + frames.reduce((sum, frame) => sum + PACK_LENGTH_BYTES + encodeFrame(frame).length, 0);
		const long = Array.from({ length: 9 }, (_, i) => message(i + 2, 'x'.repeat(7_000)));
		const filler = (extra: number) => message(11, 'y'.repeat(300 + extra));
		const room = PACK_ROOM_BYTES - sizeOf([...long, filler(0)]);
		expect(sizeOf([...long, filler(room)])).toBe(PACK_ROOM_BYTES);
		const run = (last: MessageFrame) => long.map((frame) => `m${frame.seq}`).concat(`m${last.seq}`);
		const exact = packer(64);
		for (const frame of [message(1), ...long, filler(room)]) exact.packer.send(frame);
		await endOfTask();
		expect(exact.wire()).toEqual(['m1', run(filler(room))]);
		const over = packer(64);
		for (const frame of [message(1), ...long, filler(room + 1)]) over.packer.send(frame);
		await endOfTask();
		expect(over.wire()).toEqual(['m1', run(filler(0)).slice(0, -1), 'm11']);
	});
});
