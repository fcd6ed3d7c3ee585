// @ts-nocheck
import { encode } from '@msgpack/msgpack';
import type { Identity } from '../../../src/lib/crypto/identity';
import { OpeningKey, SealingKey } from '../../../src/lib/crypto/session-cipher';
import type { Sodium } from '../../../src/lib/crypto/sodium';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { decodeHello, decodeSealedPlaintext, encodeHello } from '../../../src/lib/protocol/codec';
import type { SealedFrame } from '../../../src/lib/protocol/frames';
import { PROTOCOL_VERSION } from '../../../src/lib/protocol/limits';
import type { FakeNetwork } from '../../../src/lib/net/fake-transport';
import type { Link } from '../../../src/lib/net/transport';
import { deriveSecrets, signTranscript, type SessionSecrets } from '../../../src/lib/session/handshake';

/** Signs the transcript for the auth frame; an impostor passes one that cannot produce a valid signature. */
export type AuthSigner = (secrets: SessionSecrets) => Uint8Array;

export interface RawPeerOptions {
	sodium: Sodium;
	/** Needed only to dial over the in-memory network; `open` works over any pipe. */
	network?: FakeNetwork;
	/** Whose public key the hello carries, and which id the attacker registers under. */
	claimed: { peerId: PeerId; publicKey: Uint8Array };
	/** How the auth frame is signed; by default honestly, with `identity`. */
	sign?: AuthSigner;
	identity?: Identity;
	/** Replaces the whole auth frame (e.g. by an application frame sent too early); undefined: send none yet. */
	authFrame?: (secrets: SessionSecrets) => unknown;
	/** Answer the victim's pings (a live peer does); off when every frame sent must be the test's own. */
	answerPings?: boolean;
}

/**
 * A hostile peer built straight from the protocol's pieces (libsodium kx, the codec, the session
 * cipher) instead of a PeerSession, so it can claim any key, sign anything, and seal any bytes
 * (valid msgpack or not) with a real session key that the victim will decrypt.
 */
export class RawPeer {
	readonly received: SealedFrame[] = [];
	/** What the key exchange gave this side (an attacker's knowledge, for reflection attacks). */
	secrets: SessionSecrets | null = null;
	#link: Link | null = null;
	#send: ((bytes: Uint8Array) => void) | null = null;
	#sealing: SealingKey | null = null;
	#opening: OpeningKey | null = null;
	#ephemeral: { publicKey: Uint8Array; privateKey: Uint8Array };
	#ready = false;

	constructor(private readonly options: RawPeerOptions) {
		this.#ephemeral = options.sodium.crypto_kx_keypair();
	}

	get ready(): boolean {
		return this.#ready;
	}

	get link(): Link {
		if (!this.#link) throw new Error('not dialled');
		return this.#link;
	}

	/** Starts the handshake over any byte pipe; feed what comes back into `receive`. */
	open(send: (bytes: Uint8Array) => void): void {
		this.#send = send;
		const { claimed } = this.options;
		send(encodeHello({ t: 'hello', v: PROTOCOL_VERSION, id: claimed.publicKey, eph: this.#ephemeral.publicKey }));
	}

	receive(bytes: Uint8Array): void {
		if (!this.#opening) return this.#onHello(bytes);
		const opened = this.#opening.open(bytes);
		if (!opened.ok) return;
		const decoded = decodeSealedPlaintext(opened.plaintext);
		if (!decoded.ok) return;
		const frame = decoded.frame;
		this.received.push(frame);
		if (frame.t === 'auth') this.#ready = true;
		else if (frame.t === 'ping' && this.options.answerPings !== false) this.sendValue({ t: 'pong', n: frame.n });
	}

	/** Registers under the claimed id, dials the victim and runs the handshake from our side. */
	dial(victim: PeerId): void {
		const network = this.options.network;
		if (!network) throw new Error('a RawPeer without a network cannot dial');
		const transport = network.createTransport();
		transport.start(this.options.claimed.peerId);
		// Links the victim dials back are not needed: everything goes over the one we open.
		transport.on('link', (link) => link.close());
		const link = transport.dial(victim);
		this.#link = link;
		link.on('open', () => this.open((bytes) => link.send(bytes)));
		link.on('data', (data) => this.receive(data as Uint8Array));
	}

	/** Puts bytes on the wire exactly as given. */
	sendRaw(bytes: Uint8Array): void {
		if (!this.#send) throw new Error('not connected');
		this.#send(bytes);
	}

	/** Seals a plaintext with the real session key (the victim will decrypt it) without sending it. */
	seal(plaintext: Uint8Array): Uint8Array {
		if (!this.#sealing) throw new Error('no session key yet');
		return this.#sealing.seal(plaintext);
	}

	sendPlaintext(plaintext: Uint8Array): void {
		this.sendRaw(this.seal(plaintext));
	}

	/** Any value, msgpack-encoded and sealed: it reaches the victim's decoder and schema. */
	sendValue(value: unknown): void {
		this.sendPlaintext(encode(value));
	}

	#onHello(bytes: Uint8Array): void {
		const decoded = decodeHello(bytes);
		if (!decoded.ok) throw new Error(`victim sent no hello: ${decoded.reason}`);
		const { sodium, claimed, identity } = this.options;
		// Only the claimed public key goes into the transcript; its secret key is never needed here.
		const self = { identity: { peerId: claimed.peerId, publicKey: claimed.publicKey, secretKey: new Uint8Array(64) }, ephemeral: this.#ephemeral };
		const secrets = deriveSecrets(sodium, self, { identityKey: decoded.frame.id, ephemeralKey: decoded.frame.eph });
		if (!secrets) throw new Error('ephemeral keys collided');
		this.#sealing = new SealingKey(sodium, secrets.tx);
		this.#opening = new OpeningKey(sodium, secrets.rx);
		const sign: AuthSigner =
			this.options.sign ??
			((s) => {
				if (!identity) throw new Error('an honest RawPeer needs its identity');
				return signTranscript(sodium, identity, s);
			});
		this.secrets = secrets;
		const auth = this.options.authFrame ? this.options.authFrame(secrets) : { t: 'auth', sig: sign(secrets) };
		if (auth !== undefined) this.sendValue(auth);
	}
}
