import standardModule from 'libsodium-wrappers';
import sumoModule from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPasswordHashing, loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';

// The app runs on the standard build and hashes handles with the sumo build; keys, signatures
// and ciphertexts made by one must be the other's (and every other libsodium's) exactly.
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const fill = (length: number, from: number): Uint8Array => Uint8Array.from({ length }, (_, i) => (from + i) & 0xff);

// RFC 8032 §7.1, test 1 (Ed25519, empty message).
const ED25519_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const ED25519_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const ED25519_SIGNATURE =
	'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';
// RFC 7693 Appendix A (BLAKE2b-512 of "abc") and the well-known BLAKE2b-256 of the empty string.
const BLAKE2B_512_ABC =
	'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923';
const BLAKE2B_256_EMPTY = '0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8';

type Build = { name: string; sodium: Sodium };
let builds: Build[] = [];

beforeAll(async () => {
	await Promise.all([standardModule.ready, sumoModule.ready]);
	builds = [
		{ name: 'standard', sodium: standardModule },
		{ name: 'sumo', sodium: sumoModule }
	];
});

/** What one build computes for the operations the app uses, from fixed inputs. */
function transcript(sodium: Sodium): Record<string, string> {
	const signer = sodium.crypto_sign_seed_keypair(bytes(ED25519_SEED));
	const client = sodium.crypto_kx_seed_keypair(fill(32, 1));
	const server = sodium.crypto_kx_seed_keypair(fill(32, 101));
	const clientKeys = sodium.crypto_kx_client_session_keys(client.publicKey, client.privateKey, server.publicKey);
	const serverKeys = sodium.crypto_kx_server_session_keys(server.publicKey, server.privateKey, client.publicKey);
	const key = fill(32, 7);
	const nonce = fill(24, 200);
	const sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(fill(100, 3), fill(9, 50), null, nonce, key);
	return {
		signPublic: hex(signer.publicKey),
		signature: hex(sodium.crypto_sign_detached(new Uint8Array(0), signer.privateKey)),
		signatureOfText: hex(sodium.crypto_sign_detached(fill(300, 9), signer.privateKey)),
		kxClientRx: hex(clientKeys.sharedRx),
		kxClientTx: hex(clientKeys.sharedTx),
		kxServerRx: hex(serverKeys.sharedRx),
		kxServerTx: hex(serverKeys.sharedTx),
		sealed: hex(sealed),
		hash256: hex(sodium.crypto_generichash(32, new Uint8Array(0), null)),
		hash512: hex(sodium.crypto_generichash(64, new TextEncoder().encode('abc'), null)),
		keyedHash: hex(sodium.crypto_generichash(32, fill(77, 0), fill(32, 9)))
	};
}

describe('the standard and sumo libsodium builds', () => {
	it('agree with the RFC vectors for Ed25519 and BLAKE2b', () => {
		for (const { name, sodium } of builds) {
			const t = transcript(sodium);
			expect([name, t.signPublic, t.signature]).toEqual([name, ED25519_PUBLIC, ED25519_SIGNATURE]);
			expect([name, t.hash256, t.hash512]).toEqual([name, BLAKE2B_256_EMPTY, BLAKE2B_512_ABC]);
		}
	});

	it('compute identical keys, signatures, session keys and ciphertexts', () => {
		const [standard, sumo] = builds.map(({ sodium }) => transcript(sodium));
		expect(standard).toEqual(sumo);
		expect(standard?.kxClientRx).toBe(standard?.kxServerTx);
	});

	it('read each other’s output: sign with one, verify with the other; seal with one, open with the other', () => {
		for (const [from, to] of [builds, [...builds].reverse()]) {
			if (!from || !to) throw new Error('both builds must load');
			const signer = from.sodium.crypto_sign_keypair();
			const message = fill(64, 5);
			expect(to.sodium.crypto_sign_verify_detached(from.sodium.crypto_sign_detached(message, signer.privateKey), message, signer.publicKey)).toBe(true);
			const key = fill(32, 11);
			const nonce = fill(24, 12);
			const sealed = from.sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(message, null, null, nonce, key);
			expect(hex(to.sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed, null, nonce, key))).toBe(hex(message));
		}
	});
});

describe('what the app loads', () => {
	it('runs on the standard build, which has no Argon2id, and hashes handles with the sumo build', async () => {
		const sodium = await loadSodium();
		expect(sodium).toBe(standardModule);
		expect('crypto_pwhash' in sodium && typeof sodium.crypto_pwhash).not.toBe('function');
		const hashing = await loadPasswordHashing();
		expect(hashing).toBe(sumoModule);
		expect(await loadPasswordHashing()).toBe(hashing);
	});
});
