import { concatBytes, utf8 } from '../ids/encoding';
import type { Identity } from '../crypto/identity';
import type { Sodium } from '../crypto/sodium';

const TRANSCRIPT_LABEL = utf8('parley/handshake/v1');
const AUTH_LABEL = utf8('parley/auth/v1');

export type Role = 'client' | 'server';

export interface EphemeralKeys {
	readonly publicKey: Uint8Array;
	readonly privateKey: Uint8Array;
}

export interface SessionSecrets {
	readonly role: Role;
	readonly rx: Uint8Array;
	readonly tx: Uint8Array;
	readonly transcript: Uint8Array;
}

/**
 * Role comes from the ephemeral keys, not from who dialled, so both ends agree even when they
 * dial each other at the same moment.
 */
export function deriveSecrets(
	sodium: Sodium,
	self: { identity: Identity; ephemeral: EphemeralKeys },
	peer: { identityKey: Uint8Array; ephemeralKey: Uint8Array }
): SessionSecrets | null {
	const order = sodium.compare(self.ephemeral.publicKey, peer.ephemeralKey);
	if (order === 0) return null;
	// Stryker disable next-line EqualityOperator: order 0 has returned above, so < and <= agree.
	const role: Role = order < 0 ? 'client' : 'server';
	const keys =
		role === 'client'
			? sodium.crypto_kx_client_session_keys(self.ephemeral.publicKey, self.ephemeral.privateKey, peer.ephemeralKey)
			: sodium.crypto_kx_server_session_keys(self.ephemeral.publicKey, self.ephemeral.privateKey, peer.ephemeralKey);
	const mine = [self.identity.publicKey, self.ephemeral.publicKey];
	const theirs = [peer.identityKey, peer.ephemeralKey];
	const [client, server] = role === 'client' ? [mine, theirs] : [theirs, mine];
	const transcript = sodium.crypto_generichash(32, concatBytes(TRANSCRIPT_LABEL, ...client, ...server), null);
	return { role, rx: keys.sharedRx, tx: keys.sharedTx, transcript };
}

/** Each side signs the whole transcript plus its role, so a signature cannot be reflected back. */
export function signTranscript(sodium: Sodium, identity: Identity, secrets: SessionSecrets): Uint8Array {
	return sodium.crypto_sign_detached(authMessage(secrets.role, secrets.transcript), identity.secretKey);
}

export function verifyTranscript(
	sodium: Sodium,
	peerIdentityKey: Uint8Array,
	secrets: SessionSecrets,
	signature: Uint8Array
): boolean {
	// Stryker disable next-line StringLiteral: authMessage maps every role but 'client' to the server byte.
	const peerRole: Role = secrets.role === 'client' ? 'server' : 'client';
	// Stryker disable BlockStatement,BooleanLiteral: the catch is unreachable while the schema fixes key and signature lengths; kept so a bad length can never throw.
	try {
		return sodium.crypto_sign_verify_detached(signature, authMessage(peerRole, secrets.transcript), peerIdentityKey);
	} catch {
		return false;
	}
	// Stryker restore BlockStatement,BooleanLiteral
}

function authMessage(role: Role, transcript: Uint8Array): Uint8Array {
	return concatBytes(AUTH_LABEL, Uint8Array.of(role === 'client' ? 1 : 2), transcript);
}
