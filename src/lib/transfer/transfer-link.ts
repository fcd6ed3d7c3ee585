import { fromBase64Url, toBase32, toBase64Url } from '../ids/encoding';
import { PEER_ID_HASH_BYTES, PEER_ID_PREFIX, parsePeerId, type PeerId } from '../ids/peer-id';

/**
 * A one-time transfer code (docs/BACKUP.md, "Device transfer"): the throwaway peer id the old
 * device listens on, and a 256-bit secret. Both travel in the link's fragment (`#transfer=…`),
 * which browsers never send to a server; the PeerServer only ever sees the throwaway id.
 */
export interface TransferCode {
	/** Not the identity's id: a fresh random one, so the server cannot tie the transfer to a user. */
	peerId: PeerId;
	secret: Uint8Array;
}

export const TRANSFER_SECRET_BYTES = 32;
const FRAGMENT_KEY = 'transfer=';
/** A link is short; anything longer is refused before it is looked at. */
const MAX_LINK_CHARS = 512;

export function newTransferCode(randomBytes: (length: number) => Uint8Array): TransferCode {
	// Same shape as an identity's peer id, so the PeerServer accepts it like any other.
	return { peerId: (PEER_ID_PREFIX + toBase32(randomBytes(PEER_ID_HASH_BYTES))) as PeerId, secret: randomBytes(TRANSFER_SECRET_BYTES) };
}

export function transferLink(origin: string, code: TransferCode): string {
	return `${origin}/#${FRAGMENT_KEY}${code.peerId}.${toBase64Url(code.secret)}`;
}

/** A pasted link, a scanned QR or a bare fragment; null for anything that is not exactly a code. */
export function parseTransferLink(text: unknown): TransferCode | null {
	if (typeof text !== 'string' || text.length > MAX_LINK_CHARS) return null;
	const hash = text.trim().indexOf('#');
	const fragment = hash >= 0 ? text.trim().slice(hash + 1) : text.trim();
	if (!fragment.startsWith(FRAGMENT_KEY)) return null;
	const parts = fragment.slice(FRAGMENT_KEY.length).split('.');
	if (parts.length !== 2) return null;
	const [id, secretText] = parts as [string, string];
	const peerId = parsePeerId(id);
	if (peerId === null || peerId !== id) return null;
	const secret = fromBase64Url(secretText);
	// Canonical encoding only: one secret, one spelling.
	if (secret === null || secret.length !== TRANSFER_SECRET_BYTES || toBase64Url(secret) !== secretText) return null;
	return { peerId, secret };
}
