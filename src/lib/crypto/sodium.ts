import type standardModule from 'libsodium-wrappers';
import type sumoModule from 'libsodium-wrappers-sumo';

/**
 * The standard libsodium build: everything the app does except Argon2id. Its typings declare
 * crypto_pwhash, which this build does not contain; leaving it out of the type makes calling it
 * on this build a compile error instead of an undefined-function crash.
 */
export type Sodium = Omit<typeof standardModule, PasswordHashingKey>;

type PasswordHashingKey = 'crypto_pwhash' | 'crypto_pwhash_OPSLIMIT_INTERACTIVE' | 'crypto_pwhash_MEMLIMIT_INTERACTIVE' | 'crypto_pwhash_ALG_ARGON2ID13';

/** Argon2id from the sumo build: only handle hashing needs it. */
export type PasswordHashing = Pick<typeof sumoModule, PasswordHashingKey>;

let standard: Promise<Sodium> | null = null;
let sumo: Promise<PasswordHashing> | null = null;

/**
 * libsodium compiles its WebAssembly once; every caller shares that one instance. Imported
 * dynamically so that its ~135 KB (gzip) of inlined wasm is not part of what the browser must
 * fetch before the first paint: the shell renders while this loads.
 */
export function loadSodium(): Promise<Sodium> {
	standard ??= import('libsodium-wrappers').then(async ({ default: sodium }) => {
		await sodium.ready;
		return sodium;
	});
	return standard;
}

/**
 * The sumo build (~190 KB gzip, a second wasm instance) is fetched only when a handle is
 * registered, released or looked up: most sessions never need Argon2id. The service worker
 * precaches its chunk, so this works offline once the app has been installed.
 */
export function loadPasswordHashing(): Promise<PasswordHashing> {
	sumo ??= import('libsodium-wrappers-sumo').then(async ({ default: sodium }) => {
		await sodium.ready;
		return sodium;
	});
	return sumo;
}
