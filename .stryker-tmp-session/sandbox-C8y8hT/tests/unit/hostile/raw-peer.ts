// @ts-nocheck
import { encode } from '@msgpack/msgpack';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import { OpeningKey, SealingKey } from '../../../src/lib/crypto/session-cipher';
import type { Identity } from '../../../src/lib/crypto/identity';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { FakeNetwork } from '../../../src/lib/net/fake-transport';
import type { Link } from '../../../src/lib/net/transport';
import { decodeHello, decodeSealedPlaintext, encodeHello } from '../../../src/lib/protocol/codec';
import type { SealedFrame } from '../../../src/lib/protocol/frames';
import { deriveSecrets, signTranscript } from '../../../src/lib/session/handshake';

/**
 * A hostile peer that speaks the wire protocol by hand with real libsodium, so a test can send
 * what an honest session never would: any plaintext sealed with the real session key, a hello
 * with someone else's identity key, a chosen ephemeral key.
 */
export interface RawPeer {
	readonly link: Link;
	readonly received: SealedFrame[];
	/** True once the target's auth frame arrived (the target considers us verified). */
	readonly ready: () => boolean;
	readonly closed: () => boolean;
	/** Wire messages that arrived from the target, the hello included. */
	readonly heard: () => number;
	sendPlain(plaintext: Uint8Array): void;
	sendFrame(frame: Record<string, unknown>): void;
}

export interface RawPeerOptions {
	/** Key pair used to sign the transcript; defaults to `identity`'s own (an honest signer). */
	signer?: Identity;
	/** Ephemeral public key put in the hello (a chosen or broken key). */
	ephemeral?: { publicKey: Uint8Array; privateKey: Uint8Array };
}

export async function connectRaw(network: FakeNetwork, identity: Identity, target: PeerId, options: RawPeerOptions = {}): Promise<RawPeer> {
	const sodium: Sodium = await loadSodium();
	const transport = network.createTransport();
	transport.start(identity.peerId);
	const ephemeral = options.ephemeral ?? sodium.crypto_kx_keypair();
	const link = transport.dial(target);
	const received: SealedFrame[] = [];
	let sealing: SealingKey | null = null;
	let opening: OpeningKey | null = null;
	let ready = false;
	let closed = false;
	let heard = 0;
	link.on('close', () => (closed = true));
	link.on('open', () => link.send(encodeHello({ t: 'hello', v: 1, id: identity.publicKey, eph: ephemeral.publicKey })));
	link.on('data', (data) => {
		const bytes = data as Uint8Array;
		heard += 1;
		if (!opening) {
			const hello = decodeHello(bytes);
			if (!hello.ok) return;
			const signer = options.signer ?? identity;
			const secrets = deriveSecrets(sodium, { identity, ephemeral }, { identityKey: hello.frame.id, ephemeralKey: hello.frame.eph });
			if (!secrets) return;
			sealing = new SealingKey(sodium, secrets.tx);
			opening = new OpeningKey(sodium, secrets.rx);
			const sig = signTranscript(sodium, signer, secrets);
			link.send(sealing.seal(encode({ t: 'auth', sig })));
			return;
		}
		const opened = opening.open(bytes);
		if (!opened.ok) return;
		const frame = decodeSealedPlaintext(opened.plaintext);
		if (!frame.ok) return;
		if (frame.frame.t === 'auth') ready = true;
		else received.push(frame.frame);
	});
	const peer: RawPeer = {
		link,
		received,
		ready: () => ready,
		closed: () => closed,
		heard: () => heard,
		sendPlain(plaintext) {
			if (!sealing) throw new Error('no session keys yet');
			link.send(sealing.seal(plaintext));
		},
		sendFrame(frame) {
			peer.sendPlain(encode(frame));
		}
	};
	return peer;
}
