import { MAX_NAME_CHARS } from '../protocol/limits';

/**
 * Most members a group holds, its creator included. Every message is sealed and sent once per
 * other member (fan-out over pairwise sessions, docs/PROTOCOL.md "Groups"): a full 64 KiB frame
 * to 63 members is ~4 MiB of upload, and each member keeps a live session to everyone it writes
 * to. 64 is twice what the issue asks for and keeps the create op's member list (~2.2 KB) and a
 * relay summary (2 entries per member) far inside one frame.
 */
export const MAX_GROUP_MEMBERS = 64;
export const MAX_GROUP_NAME_CHARS = MAX_NAME_CHARS;
/**
 * Membership ops one group may hold. The fold re-reads them all on every change (ancestry is
 * quadratic in the worst case), so the history is bounded; a group that reaches it takes no more
 * membership changes (a checkpoint op is the way out, not built yet).
 */
export const MAX_GROUP_OPS = 1024;
/** Heads an op may reference: concurrent branches a writer had seen and not yet merged. */
export const MAX_OP_PARENTS = 8;
/** Authors in one relay summary: the members plus as many who have left or been removed. */
export const MAX_SUMMARY_AUTHORS = 2 * MAX_GROUP_MEMBERS;
/** Messages per author a member offers to relay: the most recent ones only. */
export const RELAY_WINDOW_MESSAGES = 500;
/**
 * Messages one relay request may ask for (and one response carry). Each travels as its author's
 * original signed frame, ~24 KiB at most, so a batch stays under ~1.5 MiB and the 1,024-frame
 * send window; the requester asks again while `more` is set.
 */
export const MAX_RELAY_BATCH_MESSAGES = 64;
/** (author, range) pairs in one relay request. */
export const MAX_RELAY_RANGES = 16;
/** Op ids in one op request. */
export const MAX_OP_REQUEST_IDS = 64;
