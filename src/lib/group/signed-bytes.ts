import { utf8 } from '../ids/encoding';
import type { GroupMessageFrame, GroupOpFrame } from './group-frames';

// What an author signs is NOT the msgpack of the frame: encoders may order keys or pick integer
// widths differently, and a relaying member re-encodes. These bytes are fixed by the spec
// (docs/PROTOCOL.md "Groups"): a label, then every field in a fixed order, each string or byte
// string as a 4-byte big-endian length and its bytes, each number as 8 bytes big-endian.

const MESSAGE_LABEL = 'parley/group-msg/v1';
const OP_LABEL = 'parley/group-op/v1';

class CanonicalWriter {
	private readonly parts: Uint8Array[] = [];
	private size = 0;

	bytes(value: Uint8Array): this {
		const length = new Uint8Array(4);
		new DataView(length.buffer).setUint32(0, value.length);
		this.push(length).push(value);
		return this;
	}

	text(value: string): this {
		return this.bytes(utf8(value));
	}

	number(value: number): this {
		const out = new Uint8Array(8);
		const view = new DataView(out.buffer);
		view.setUint32(0, Math.floor(value / 2 ** 32));
		view.setUint32(4, value >>> 0);
		return this.push(out);
	}

	finish(): Uint8Array {
		const out = new Uint8Array(this.size);
		let at = 0;
		for (const part of this.parts) {
			out.set(part, at);
			at += part.length;
		}
		return out;
	}

	private push(part: Uint8Array): this {
		this.parts.push(part);
		this.size += part.length;
		return this;
	}
}

export type UnsignedGroupMessage = Omit<GroupMessageFrame, 'sig' | 'key' | 't'>;

/** Group, author, seq, id, time, kind and every body field: nothing a relay could change unsigned. */
export function messageSignedBytes(message: UnsignedGroupMessage): Uint8Array {
	const out = new CanonicalWriter().text(MESSAGE_LABEL).text(message.g).text(message.by).number(message.seq).text(message.id).number(message.ts);
	const body = message.body;
	out.text(body.kind);
	switch (body.kind) {
		case 'text':
			return out.text(body.text).text(body.reply ?? '').finish();
		case 'file':
			// Optional fields are never empty or zero when present (FileBody), so '' / 0 means absent.
			out
				.bytes(body.hash)
				.bytes(body.key)
				.text(body.name)
				.text(body.type)
				.number(body.size)
				.bytes(body.thumb ?? new Uint8Array(0))
				.number(body.w ?? 0)
				.number(body.h ?? 0)
				.text(body.caption ?? '');
			// A voice message's duration and waveform (§13g) follow; a file without them signs the
			// same bytes as before voice messages existed, so older signatures still verify.
			if (body.dur !== undefined || body.peaks !== undefined) out.number(body.dur ?? 0).bytes(body.peaks ?? new Uint8Array(0));
			// The chunk cipher (§13b) after them, labelled, only when announced: a relay cannot
			// strip it to make members fetch under another cipher, and a file without it signs
			// the same bytes as before session 15.
			if (body.cipher !== undefined) out.text('cipher').number(body.cipher);
			return out.finish();
		case 'edit':
			return out.text(body.target).number(body.version).text(body.text).finish();
		case 'delete':
			return out.text(body.target).finish();
	}
}

export type UnsignedGroupOp = DistributiveOmit<GroupOpFrame, 'sig' | 'key' | 't'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * A create op is signed without its group id, which is derived from these very bytes; every
 * other op signs the group it belongs to, so it cannot be replayed into another group.
 */
export function opSignedBytes(op: UnsignedGroupOp): Uint8Array {
	const out = new CanonicalWriter().text(OP_LABEL).text(op.kind === 'create' ? '' : op.g).text(op.by).number(op.clock);
	out.number(op.after.length);
	for (const parent of op.after) out.text(parent);
	out.text(op.kind);
	switch (op.kind) {
		case 'create':
			out.text(op.name).bytes(op.nonce).number(op.members.length);
			for (const member of op.members) out.text(member);
			return out.finish();
		case 'add':
		case 'remove':
			return out.text(op.member).finish();
		case 'admin':
			return out.text(op.member).number(op.admin ? 1 : 0).finish();
		case 'rename':
			return out.text(op.name).finish();
		case 'leave':
			return out.finish();
	}
}
