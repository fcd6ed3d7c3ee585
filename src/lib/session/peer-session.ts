import { OPENED_FILE_CIPHERS } from '../crypto/file-cipher-id';
import { peerIdForKey, type Identity } from '../crypto/identity';
import { OpeningKey, SealingKey, type OpenResult } from '../crypto/session-cipher';
import type { Sodium } from '../crypto/sodium';
import { FILE_CHANNEL_VERSION } from '../files/file-stream';
import type { PeerId } from '../ids/peer-id';
import { decodeHello, decodeSealedPlaintext, encodeFrame, encodeHello } from '../protocol/codec';
import type { AppFrame, SealedFrame } from '../protocol/frames';
import { MAX_FRAME_BYTES, MAX_PACK_FRAMES, PROTOCOL_VERSION } from '../protocol/limits';
import { decodePack, isPack } from '../protocol/pack';
import type { ProtocolLog, RejectReason } from '../protocol/reject';
import { deriveSecrets, signTranscript, verifyTranscript, type EphemeralKeys, type SessionSecrets } from './handshake';
import { SendPacker } from './send-packer';

/** The byte pipe a session runs over (a data channel, or the in-memory fake). */
export interface WireLink {
	send(bytes: Uint8Array): void;
	close(): void;
}

export interface VerifiedPeer {
	readonly peerId: PeerId;
	readonly publicKey: Uint8Array;
	/** The file ciphers the peer's auth frame says it opens besides XChaCha20-Poly1305 (none until then). */
	readonly fileCiphers: readonly number[];
	/** The file channel version the peer's auth frame says (1 until then, and from older peers): files/file-stream.ts. */
	readonly fileChannel: number;
}

export interface SessionHooks {
	ready(peer: VerifiedPeer): void;
	frame(frame: AppFrame): void;
	failed(reason: RejectReason, detail: string): void;
	/**
	 * A pack of `count` frames arrived in one wire message, which the link charged as one frame:
	 * false refuses the whole pack (the peer is over its frame budget). Absent: packs are taken.
	 */
	packed?(count: number): boolean;
}

export interface SessionOptions {
	sodium: Sodium;
	identity: Identity;
	/** The id this link claims to reach; the handshake proves the peer holds its key. */
	expectedPeer: PeerId;
	link: WireLink;
	hooks: SessionHooks;
	log: ProtocolLog;
	/** Consulted once the peer's key is known, before any session key is derived. */
	accepts?: (peer: PeerId) => boolean;
}

export type SessionState = 'new' | 'hello-sent' | 'authenticating' | 'ready' | 'failed' | 'closed';

export class PeerSession {
	#state: SessionState = 'new';
	#ephemeral: EphemeralKeys | null = null;
	#secrets: SessionSecrets | null = null;
	#peer: VerifiedPeer | null = null;
	#sealing: SealingKey | null = null;
	#opening: OpeningKey | null = null;
	/** Set once the peer's auth frame says how many frames per pack it takes. */
	#packer: SendPacker | null = null;

	constructor(private readonly options: SessionOptions) {}

	get state(): SessionState {
		return this.#state;
	}

	get peer(): VerifiedPeer | null {
		return this.#peer;
	}

	start(): void {
		if (this.#state !== 'new') return;
		const { sodium, identity, link } = this.options;
		this.#ephemeral = sodium.crypto_kx_keypair();
		this.#state = 'hello-sent';
		link.send(encodeHello({ t: 'hello', v: PROTOCOL_VERSION, id: identity.publicKey, eph: this.#ephemeral.publicKey }));
	}

	send(frame: AppFrame): boolean {
		if (this.#state !== 'ready' || !this.#packer) return false;
		this.#packer.send(frame);
		return true;
	}

	close(): void {
		if (this.#state === 'closed') return;
		this.#state = 'closed';
		this.options.link.close();
	}

	/** Every inbound chunk of bytes goes through here; nothing from the wire is trusted. */
	receive(data: unknown): void {
		try {
			this.#receive(data);
		} catch (error) {
			// Nothing from the wire may throw past this point; an unexpected failure ends the session.
			this.#fail('unexpected', `receive threw: ${String(error).slice(0, 120)}`);
		}
	}

	#receive(data: unknown): void {
		const bytes = asBytes(data);
		if (!bytes) return this.#reject('not-binary', typeof data);
		if (bytes.length > MAX_FRAME_BYTES) return this.#reject('oversized', `${bytes.length} bytes`);
		switch (this.#state) {
			case 'new':
			case 'hello-sent':
				return this.#onHello(bytes);
			case 'authenticating':
				return this.#onAuth(bytes);
			case 'ready':
				return this.#onFrame(bytes);
			default:
				return this.#reject('unexpected', `frame while ${this.#state}`);
		}
	}

	#onHello(bytes: Uint8Array): void {
		this.start();
		const decoded = decodeHello(bytes);
		if (!decoded.ok) return this.#fail(decoded.reason, decoded.detail);
		const hello = decoded.frame;
		const { sodium, identity, expectedPeer } = this.options;
		if (hello.v !== PROTOCOL_VERSION) return this.#fail('version', `peer speaks v${hello.v}`);
		const peerId = peerIdForKey(sodium, hello.id);
		if (peerId !== expectedPeer) return this.#fail('wrong-key', 'key does not match the id dialled');
		if (this.options.accepts && !this.options.accepts(peerId)) return this.#fail('blocked', 'peer not accepted');
		const ephemeral = this.#ephemeral;
		// Stryker disable next-line ConditionalExpression,StringLiteral: unreachable, start() above always draws the key; the guard is for the type checker.
		if (!ephemeral) return this.#fail('unexpected', 'no ephemeral key');
		let secrets: SessionSecrets | null;
		try {
			secrets = deriveSecrets(sodium, { identity, ephemeral }, { identityKey: hello.id, ephemeralKey: hello.eph });
		} catch {
			// libsodium refuses an all-zero or low-order public key (the shared point would be known).
			return this.#fail('bad-key', 'ephemeral key refused by key exchange');
		} finally {
			sodium.memzero(ephemeral.privateKey);
		}
		if (!secrets) return this.#fail('invalid', 'ephemeral key reflected');
		this.#secrets = secrets;
		this.#peer = { peerId, publicKey: hello.id, fileCiphers: [], fileChannel: 1 };
		this.#sealing = new SealingKey(sodium, secrets.tx);
		this.#opening = new OpeningKey(sodium, secrets.rx);
		this.#state = 'authenticating';
		this.#sendSealed({ t: 'auth', sig: signTranscript(sodium, identity, secrets), pack: MAX_PACK_FRAMES, ciphers: [...OPENED_FILE_CIPHERS], fch: FILE_CHANNEL_VERSION });
	}

	#onAuth(bytes: Uint8Array): void {
		const frame = this.#open(bytes, true);
		// Stryker disable next-line ConditionalExpression: equivalent, the session has failed already and a second failure is ignored.
		if (!frame) return;
		if (frame.t !== 'auth') return this.#fail('unexpected', `"${frame.t}" before auth`);
		const peer = this.#peer;
		const secrets = this.#secrets;
		// Stryker disable next-line ConditionalExpression,LogicalOperator: peer and secrets are always set in this state; the checks are for the type checker.
		if (!peer || !secrets || !verifyTranscript(this.options.sodium, peer.publicKey, secrets, frame.sig)) {
			return this.#fail('bad-signature', 'transcript signature invalid');
		}
		this.#state = 'ready';
		// Older peers send no `ciphers`: they open only XChaCha20-Poly1305 files (PROTOCOL §13b).
		// Older peers send no `fch`: their file channel is version 1's (PROTOCOL §13c).
		this.#peer = { ...peer, fileCiphers: frame.ciphers ?? [], fileChannel: frame.fch ?? 1 };
		// Older peers send no `pack`: they get every frame on its own.
		this.#packer = new SendPacker(Math.min(frame.pack ?? 1, MAX_PACK_FRAMES), (plaintext) => this.#sendPlaintext(plaintext));
		this.options.hooks.ready(this.#peer);
	}

	#onFrame(bytes: Uint8Array): void {
		// Stryker disable next-line OptionalChaining,ObjectLiteral,StringLiteral: the opening key exists in every state that calls this.
		const opened = this.#opening?.open(bytes) ?? { ok: false as const, reason: 'undecryptable' as const };
		if (opened.ok && isPack(opened.plaintext)) return this.#onPack(opened.plaintext);
		const frame = this.#decode(opened, false);
		if (!frame) return;
		if (frame.t === 'auth') return this.#reject('unexpected', 'second auth');
		this.options.hooks.frame(frame);
	}

	/** Every frame of a pack counts as a frame of its own against the peer's budget. */
	#onPack(plaintext: Uint8Array): void {
		const decoded = decodePack(plaintext);
		if (!decoded.ok) return this.#reject(decoded.reason, decoded.detail);
		const frames = decoded.frame;
		if (this.options.hooks.packed && !this.options.hooks.packed(frames.length)) return;
		for (const frame of frames) {
			if (this.#state !== 'ready') return;
			this.options.hooks.frame(frame);
		}
	}

	/** During the handshake any bad frame ends the session; afterwards it is only dropped. */
	#open(bytes: Uint8Array, fatal: boolean): SealedFrame | null {
		// Stryker disable next-line OptionalChaining,ObjectLiteral,StringLiteral: the opening key exists in every state that calls this.
		return this.#decode(this.#opening?.open(bytes) ?? { ok: false as const, reason: 'undecryptable' as const }, fatal);
	}

	#decode(opened: OpenResult, fatal: boolean): SealedFrame | null {
		const decoded = opened.ok ? decodeSealedPlaintext(opened.plaintext) : { ok: false as const, reason: opened.reason, detail: '' };
		if (decoded.ok) return decoded.frame;
		if (fatal) this.#fail(decoded.reason, decoded.detail);
		else this.#reject(decoded.reason, decoded.detail);
		return null;
	}

	#sendSealed(frame: SealedFrame): void {
		const sealing = this.#sealing;
		// Stryker disable next-line ConditionalExpression,StringLiteral: unreachable, every caller runs after the keys are set.
		if (!sealing) throw new Error('session has no keys yet');
		this.options.link.send(sealing.seal(encodeFrame(frame)));
	}

	/** What the packer sends: a frame it held until the end of the task may find the link gone. */
	#sendPlaintext(plaintext: Uint8Array): void {
		if (this.#state !== 'ready' || !this.#sealing) return;
		this.options.link.send(this.#sealing.seal(plaintext));
	}

	#reject(reason: RejectReason, detail: string): void {
		this.options.log.reject(reason, { peer: this.options.expectedPeer, detail });
	}

	#fail(reason: RejectReason, detail: string): void {
		if (this.#state === 'failed' || this.#state === 'closed') return;
		this.#reject(reason, detail);
		this.#state = 'failed';
		this.options.link.close();
		this.options.hooks.failed(reason, detail);
	}
}

function asBytes(data: unknown): Uint8Array | null {
	// Stryker disable next-line ConditionalExpression: equivalent, the view case below copies nothing either; this is the common fast path.
	if (data instanceof Uint8Array) return data;
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
	return null;
}
