import { shortPeerId, type PeerId } from '../ids/peer-id';
import { cleanName } from './clean-name';
import { namesResemble } from './name-likeness';

/** What the UI knows about a person's name (a stored contact row has these fields). */
export interface NamedPeer {
	peerId: string;
	/** Their own name from their profile, or a short id placeholder before the first profile. */
	name: string;
	/** The name the user gave them. */
	nickname?: string;
	/** A name a contact link suggested: anyone can write any name into a link. */
	suggestedName?: string;
	state: 'contact' | 'request' | 'ignored' | 'blocked' | 'group';
}

/**
 * Where the shown name came from. 'link' is unverified: it must be marked as such until the
 * person's own profile arrives or the user names them.
 */
export type NameSource = 'nickname' | 'profile' | 'link' | 'id';

export interface ShownName {
	text: string;
	source: NameSource;
	/** Not in the user's contacts: the name must not pass for a contact's. */
	stranger: boolean;
	/** Always shown beside a stranger's name: the part of the identity a name cannot fake. */
	shortId: string;
}

/** The name to show for a person, cleaned, and how far to trust it. */
export function shownName(peer: NamedPeer): ShownName {
	const shortId = shortPeerId(peer.peerId as PeerId);
	const stranger = peer.state !== 'contact';
	const nickname = cleanName(peer.nickname ?? '');
	if (nickname) return { text: nickname, source: 'nickname', stranger, shortId };
	const own = peer.name === shortId ? '' : cleanName(peer.name);
	if (own) return { text: own, source: 'profile', stranger, shortId };
	const suggested = cleanName(peer.suggestedName ?? '');
	if (suggested) return { text: suggested, source: 'link', stranger, shortId };
	return { text: shortId, source: 'id', stranger, shortId };
}

/**
 * The contact a name could be mistaken for: another person in the contacts whose shown name
 * (or own name) resembles `name`. Null when there is none.
 */
export function lookalikeContact(peerId: string, name: string, people: readonly NamedPeer[]): string | null {
	for (const other of people) {
		if (other.peerId === peerId || other.state !== 'contact') continue;
		const shown = shownName(other);
		if (namesResemble(name, shown.text) || (other.name !== shown.shortId && namesResemble(name, other.name))) return shown.text;
	}
	return null;
}

/** The lookalike to warn about for a person who is not a contact (contacts were chosen by the user). */
export function strangerLookalike(peer: NamedPeer, people: readonly NamedPeer[]): string | null {
	const shown = shownName(peer);
	if (!shown.stranger || shown.source === 'id') return null;
	return lookalikeContact(peer.peerId, shown.text, people);
}
