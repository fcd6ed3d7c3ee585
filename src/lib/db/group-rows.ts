import type { PeerId } from '../ids/peer-id';
import type { GroupRow } from './schema';

/**
 * Bumped whenever `foldMembership`'s rules change: a cached state folded by other rules is then
 * refolded from the stored ops on first read, so the cache can never outvote the ops.
 */
export const FOLD_VERSION = 1;

const PREVIEW_CHARS = 120;

/** The conversation list's line for a group: "Alice: …" (the author's name is looked up when shown). */
export function previewOf(text: string, author: PeerId | 'self'): GroupRow['preview'] {
	return { text: text.slice(0, PREVIEW_CHARS), author };
}
