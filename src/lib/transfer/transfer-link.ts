import type { Sodium } from '../crypto/sodium';
import { fromBase64Url, toBase64Url } from '../ids/encoding';
import { parsePeerId, peerIdFromPublicKey, type PeerId } from '../ids/peer-id';

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

export interface NewTransferCode {
	code: TransferCode;
	/**
	 * The throwaway id's own Ed25519 key: a real key stands behind the id, so a PeerServer that
	 * requires a registration proof (PROTOCOL §11) accepts it like any other. Used for nothing else.
	 */
	signingKey: { publicKey: Uint8Array; privateKey: Uint8Array };
}

export function newTransferCode(sodium: Sodium): NewTransferCode {
	const signingKey = sodium.crypto_sign_keypair();
	const peerId = peerIdFromPublicKey(signingKey.publicKey, (length, message, key) => sodium.crypto_generichash(length, message, key));
	return { code: { peerId, secret: sodium.randombytes_buf(TRANSFER_SECRET_BYTES) }, signingKey };
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

/** A page address's fragment, if it is meant as a transfer link: its code, or null when damaged. */
export function takeTransferFragment(hash: string): { code: TransferCode | null } | null {
	if (!hash.replace(/^#/u, '').startsWith(FRAGMENT_KEY)) return null;
	return { code: parseTransferLink(hash) };
}
