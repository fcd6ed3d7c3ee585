import type { Identity } from '../crypto/identity';
import { peerIdForKey } from '../crypto/identity';
import type { Sodium } from '../crypto/sodium';
import { utf8 } from '../ids/encoding';
import type { PeerId } from '../ids/peer-id';
import type { GroupMessageFrame, GroupOpFrame } from './group-frames';
import { GROUP_HASH_BYTES, groupIdFromCreateOp, opIdFromDigest, type GroupId, type OpId } from './group-ids';
import { messageSignedBytes, opSignedBytes, type UnsignedGroupMessage, type UnsignedGroupOp } from './signed-bytes';

const OP_ID_DOMAIN = utf8('parley/group-op-id/v1');

/** Why a group frame was refused; logged like a RejectReason, never with content. */
export type GroupRefusal =
	/** The key in the frame does not hash to its author id. */
	| 'wrong-key'
	/** The author's signature does not cover these bytes: forged or altered (by a relay or anyone). */
	| 'bad-signature'
	/** A create whose group id is not derived from it, or an op shaped wrong for its kind. */
	| 'invalid'
	/** The group is not known here (only a create op can introduce one). */
	| 'unknown-group'
	/** The author is not a member by the receiver's current state. */
	| 'not-member'
	/** The member who delivered someone else's message is not a member by the receiver's state. */
	| 'relay-not-member'
	/** The group already holds MAX_GROUP_OPS ops. */
	| 'too-many-ops'
	/** Another message already holds this author's seq in this group: a replay or an equivocation. */
	| 'replayed';

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: GroupRefusal };

/**
 * A group message whose author is proven: by its signature (`'signature'`, any copy), or by the
 * authenticated session it came over from its author (`'session'`, PROTOCOL §12b), its key
 * checked against the author id either way.
 */
export interface VerifiedGroupMessage {
	readonly frame: GroupMessageFrame;
	readonly verified: 'signature' | 'session';
}

/** A membership op whose signature, key and id have been checked; what the fold consumes. */
export interface VerifiedOp {
	readonly id: OpId;
	readonly group: GroupId;
	readonly by: PeerId;
	readonly clock: number;
	readonly after: readonly OpId[];
	readonly frame: GroupOpFrame;
}

export function signGroupMessage(sodium: Sodium, identity: Identity, message: Omit<UnsignedGroupMessage, 'by'>): GroupMessageFrame {
	const unsigned = { ...message, by: identity.peerId };
	const sig = sodium.crypto_sign_detached(messageSignedBytes(unsigned), identity.secretKey);
	return { t: 'gmsg', ...unsigned, key: identity.publicKey, sig };
}

export function verifyGroupMessage(sodium: Sodium, frame: GroupMessageFrame): Checked<VerifiedGroupMessage> {
	if (peerIdForKey(sodium, frame.key) !== frame.by) return { ok: false, reason: 'wrong-key' };
	if (!verifySignature(sodium, frame.sig, messageSignedBytes(frame), frame.key)) return { ok: false, reason: 'bad-signature' };
	return { ok: true, value: { frame, verified: 'signature' } };
}

/**
 * A group message as it arrives over the session with `deliveredBy`. A copy from its author
 * needs no signature check: the session's handshake already proves who sent every byte of it,
 * and a bad signature can only hurt the author, because every copy is verified again before it
 * is relayed (GroupSync) and by whoever receives it from a relay. A relayed copy is verified.
 */
export function checkGroupMessage(sodium: Sodium, frame: GroupMessageFrame, deliveredBy: PeerId): Checked<VerifiedGroupMessage> {
	if (frame.by !== deliveredBy) return verifyGroupMessage(sodium, frame);
	if (peerIdForKey(sodium, frame.key) !== frame.by) return { ok: false, reason: 'wrong-key' };
	return { ok: true, value: { frame, verified: 'session' } };
}

type OpInput = DistributiveOmit<UnsignedGroupOp, 'by'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Signs an op; a create's `g` is ignored and replaced by the id derived from it. */
export function signGroupOp(sodium: Sodium, identity: Identity, op: OpInput): VerifiedOp {
	const unsigned = { ...op, by: identity.peerId } as UnsignedGroupOp;
	const signed = opSignedBytes(unsigned);
	const id = opIdFor(sodium, signed);
	const g = unsigned.kind === 'create' ? groupIdFromCreateOp(id) : unsigned.g;
	const frame = { ...unsigned, g, t: 'gop', key: identity.publicKey, sig: sodium.crypto_sign_detached(signed, identity.secretKey) } as GroupOpFrame;
	return { id, group: g, by: identity.peerId, clock: frame.clock, after: frame.after, frame };
}

export function verifyGroupOp(sodium: Sodium, frame: GroupOpFrame): Checked<VerifiedOp> {
	if (peerIdForKey(sodium, frame.key) !== frame.by) return { ok: false, reason: 'wrong-key' };
	const signed = opSignedBytes(frame);
	if (!verifySignature(sodium, frame.sig, signed, frame.key)) return { ok: false, reason: 'bad-signature' };
	const id = opIdFor(sodium, signed);
	if (!wellFormed(frame, id)) return { ok: false, reason: 'invalid' };
	return { ok: true, value: { id, group: frame.g, by: frame.by, clock: frame.clock, after: frame.after, frame } };
}

function wellFormed(frame: GroupOpFrame, id: OpId): boolean {
	if (new Set(frame.after).size !== frame.after.length) return false;
	if (frame.kind !== 'create') return frame.after.length > 0;
	if (frame.g !== groupIdFromCreateOp(id) || frame.after.length > 0) return false;
	const members = new Set(frame.members);
	return members.size === frame.members.length && !members.has(frame.by);
}

function opIdFor(sodium: Sodium, signed: Uint8Array): OpId {
	return opIdFromDigest(sodium.crypto_generichash(GROUP_HASH_BYTES, signed, OP_ID_DOMAIN));
}

function verifySignature(sodium: Sodium, sig: Uint8Array, signed: Uint8Array, key: Uint8Array): boolean {
	try {
		return sodium.crypto_sign_verify_detached(sig, signed, key);
	} catch {
		return false;
	}
}
