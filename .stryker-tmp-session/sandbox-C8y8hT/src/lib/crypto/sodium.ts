// @ts-nocheck
import sodiumModule from 'libsodium-wrappers-sumo';

export type Sodium = typeof sodiumModule;

let ready: Promise<Sodium> | null = null;

/** libsodium compiles its WebAssembly once; every caller shares that one instance. */
export function loadSodium(): Promise<Sodium> {
	ready ??= sodiumModule.ready.then(() => sodiumModule);
	return ready;
}
