import { parsePeerId, type PeerId } from './peer-id';
import { MAX_NAME_CHARS } from '../protocol/limits';

/** Links carry everything in the fragment, which browsers never send to a server. */
export const MAX_CONTACT_INPUT_CHARS = 512;

export interface ContactRef {
	peerId: PeerId;
	name?: string;
}

export function contactLink(origin: string, peerId: PeerId, name: string): string {
	const params = new URLSearchParams({ add: peerId, name: name.slice(0, MAX_NAME_CHARS) });
	return `${origin}/#${params.toString()}`;
}

/** Accepts a bare peer id, a contact link, or just a link's fragment. */
export function parseContactInput(input: string): ContactRef | null {
	const text = input.trim();
	if (!text || text.length > MAX_CONTACT_INPUT_CHARS) return null;
	const bare = parsePeerId(text);
	if (bare) return { peerId: bare };
	const hashAt = text.indexOf('#');
	if (hashAt < 0) return null;
	return parseFragment(text.slice(hashAt + 1));
}

export function parseFragment(fragment: string): ContactRef | null {
	if (fragment.length > MAX_CONTACT_INPUT_CHARS) return null;
	const params = new URLSearchParams(fragment.replace(/^#/, ''));
	const peerId = parsePeerId(params.get('add'));
	if (!peerId) return null;
	const name = params.get('name')?.trim().slice(0, MAX_NAME_CHARS);
	return name ? { peerId, name } : { peerId };
}

/** Whether a fragment was meant as a contact link (it names someone to add) but names nobody valid. */
export function isDamagedContactFragment(fragment: string): boolean {
	if (parseFragment(fragment)) return false;
	if (fragment.length > MAX_CONTACT_INPUT_CHARS) return /[#&]?add=/.test(fragment.slice(0, 64));
	return new URLSearchParams(fragment.replace(/^#/, '')).has('add');
}

/**
 * Whether input that is not a valid id or link was meant as one (a link cut short, an id with a
 * typo), so the user hears "damaged link" instead of a handle lookup for it.
 */
export function looksLikeContactLink(input: string): boolean {
	const text = input.trim();
	if (!text || parseContactInput(text)) return false;
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.includes('#')) return true;
	// A peer id is "p" and 32 base32 letters; longer than any handle (32 chars), it was meant as an id.
	return /^p[a-z0-9]{32,40}$/i.test(text);
}
