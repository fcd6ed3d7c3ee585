import { toBase32 } from '../ids/encoding';

/**
 * A group id is derived from its create op (docs/PROTOCOL.md "Groups"): nobody can make a
 * second, different create for an existing group, and the id names its creator's signed intent.
 */
export type GroupId = string & { readonly __brand: 'GroupId' };
/** An op id is a hash of the op's signed bytes: the same op has the same id whoever relays it. */
export type OpId = string & { readonly __brand: 'OpId' };

export const GROUP_ID_PREFIX = 'g';
export const OP_ID_PREFIX = 'o';
export const GROUP_HASH_BYTES = 20;
/** 'g' or 'o' + base32 of 20 bytes = 33 characters. */
export const GROUP_ID_LENGTH = 1 + Math.ceil((GROUP_HASH_BYTES * 8) / 5);

const GROUP_ID_PATTERN = new RegExp(`^${GROUP_ID_PREFIX}[a-z2-7]{${GROUP_ID_LENGTH - 1}}$`);
const OP_ID_PATTERN = new RegExp(`^${OP_ID_PREFIX}[a-z2-7]{${GROUP_ID_LENGTH - 1}}$`);

export function opIdFromDigest(digest: Uint8Array): OpId {
	return (OP_ID_PREFIX + toBase32(digest)) as OpId;
}

/** The group a create op founds: the same digest, under the group prefix. */
export function groupIdFromCreateOp(createId: OpId): GroupId {
	return (GROUP_ID_PREFIX + createId.slice(OP_ID_PREFIX.length)) as GroupId;
}

export function parseGroupId(text: unknown): GroupId | null {
	return typeof text === 'string' && GROUP_ID_PATTERN.test(text) ? (text as GroupId) : null;
}

export function parseOpId(text: unknown): OpId | null {
	return typeof text === 'string' && OP_ID_PATTERN.test(text) ? (text as OpId) : null;
}
