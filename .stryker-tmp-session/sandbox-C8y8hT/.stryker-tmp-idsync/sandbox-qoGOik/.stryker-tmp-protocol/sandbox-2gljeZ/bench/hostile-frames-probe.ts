// @ts-nocheck
// 
// 
import { encode } from '@msgpack/msgpack';
import { createIdentity } from '../src/lib/crypto/identity';
import { loadSodium } from '../src/lib/crypto/sodium';
import { MAX_FRAME_BYTES, MAX_TEXT_CHARS } from '../src/lib/protocol/limits';
import { silentLog } from '../src/lib/protocol/reject';
import { PeerSession } from '../src/lib/session/peer-session';
import { mulberry32 } from '../tests/e2e/seeded-random';
import { ackOfInvalidIds, ackOfUnknownIds, nestedArrays, nestedMaps, validMessage, type Random } from '../tests/unit/fuzz/hostile-plaintexts';
import { randomBytes } from '../tests/unit/fuzz/mutations';
import { RawPeer } from '../tests/unit/fuzz/raw-peer';

// The victim's main-thread work for one inbound frame, as the app does it: PeerSession.receive()
// (length check, decrypt, msgpack decode, schema, hand-off to the frame hook) on a session that
// completed a real handshake with an attacker holding a real session key. Runs as is in Node and,
// bundled, in a Chromium page (bench/hostile-frames.ts); no Node or DOM API is used.

/** Room for the sealed header (9 bytes) and the tag (16) inside the largest accepted frame. */
const PLAINTEXT_ROOM_BYTES = MAX_FRAME_BYTES - 9 - 16;
const NESTED_BYTES = 63 * 1024;
/** Distinct frames per kind; the figure is the worst of them. */
const FRAMES_PER_KIND = 8;
/** Each frame is timed this many times (fresh copies); its figure is the best, which drops pauses caused by other processes. */
const ROUNDS = 3;
/** Copies of a cheap frame timed together, so a coarse clock still resolves it. */
const COPIES_OF_CHEAP_FRAME = 25;
const CHEAP_MS = 2;
const SEED = 8_008;

export interface FrameKind {
	id: string;
	label: string;
	/** Wire bytes: sealed by the attacker when the kind is about a plaintext, raw otherwise. */
	make(random: Random, attacker: RawPeer): Uint8Array;
}

const sealed = (plaintext: Uint8Array) => (_random: Random, attacker: RawPeer) => attacker.seal(plaintext);

export const BASELINE_KIND: FrameKind = {
	id: 'small-message',
	label: 'normal small message frame',
	make: (random, attacker) => attacker.seal(encode(validMessage(random, 'see you at eight?')))
};

export const HOSTILE_KINDS: readonly FrameKind[] = [
	{ id: 'nested-arrays-63k', label: '63 KiB of nested arrays', make: sealed(nestedArrays(NESTED_BYTES)) },
	{ id: 'ack-1024-invalid-ids', label: 'ack with 1,024 invalid ids', make: (random, attacker) => attacker.seal(ackOfInvalidIds(random, 1024)) },
	{ id: 'ack-512-unknown-ids', label: 'ack with 512 valid-looking unknown ids', make: (random, attacker) => attacker.seal(ackOfUnknownIds(random, 512)) },
	{
		id: 'max-size-message',
		label: `max-size msg (${MAX_TEXT_CHARS} three-byte chars)`,
		make: (random, attacker) => attacker.seal(encode(validMessage(random, '語'.repeat(MAX_TEXT_CHARS))))
	},
	{ id: 'random-bytes', label: 'random bytes (64 KiB, sealed-looking header)', make: (random) => sealedLooking(randomBytes(random, MAX_FRAME_BYTES)) },
	{
		id: 'bad-mac',
		label: 'bad-MAC frame (max size, last byte flipped)',
		make: (random, attacker) => {
			const wire = attacker.seal(randomBytes(random, PLAINTEXT_ROOM_BYTES));
			wire[wire.length - 1] = wire[wire.length - 1]! ^ 0x01;
			return wire;
		}
	},
	{ id: 'oversized', label: 'oversized frame (256 KiB)', make: (random) => randomBytes(random, 256 * 1024) },
	{ id: 'nested-maps-63k', label: '63 KiB deep-nested map', make: sealed(nestedMaps(NESTED_BYTES)) }
];

/** Kind byte and a counter far ahead, so the frame reaches the MAC check. */
function sealedLooking(bytes: Uint8Array): Uint8Array {
	bytes.set([2, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff], 0);
	return bytes;
}

export interface KindTiming {
	id: string;
	label: string;
	/** Worst, over distinct frames, of the time one frame took (ms; best of ROUNDS timings of that frame). */
	worstMs: number;
	medianMs: number;
	bytes: number;
	/** What the victim logged: the frame's fate. */
	outcome: string;
}

/** A victim session and an attacker, back to back, past the handshake. */
async function connectedVictim(): Promise<{ victim: PeerSession; attacker: RawPeer; outcomes: string[] }> {
	const sodium = await loadSodium();
	const alice = createIdentity(sodium);
	const bob = createIdentity(sodium);
	const outcomes: string[] = [];
	let attacker: RawPeer | null = null;
	const victim = new PeerSession({
		sodium,
		identity: bob,
		expectedPeer: alice.peerId,
		link: { send: (bytes) => queueMicrotask(() => attacker?.receive(bytes)), close() {} },
		log: { ...silentLog, reject: (reason) => void outcomes.push(`rejected: ${reason}`) },
		hooks: { ready() {}, frame: (frame) => void outcomes.push(`accepted: ${frame.t}`), failed: (reason) => void outcomes.push(`failed: ${reason}`) }
	});
	attacker = new RawPeer({ sodium, claimed: alice, identity: alice });
	victim.start();
	attacker.open((bytes) => queueMicrotask(() => victim.receive(bytes)));
	for (let i = 0; i < 10 && victim.state !== 'ready'; i++) await new Promise((resolve) => setTimeout(resolve, 0));
	if (victim.state !== 'ready') throw new Error(`handshake did not complete: ${victim.state}`);
	return { victim, attacker, outcomes };
}

function timeKind(kind: FrameKind, random: Random, victim: PeerSession, attacker: RawPeer, outcomes: string[]): KindTiming {
	const perFrame: number[] = [];
	let bytes = 0;
	for (let i = 0; i < FRAMES_PER_KIND; i++) {
		// The same frame content each round (a replayed seed), sealed afresh so no copy is a replay.
		const frameSeed = Math.floor(random() * 2 ** 32);
		let best = Infinity;
		for (let round = 0; round < ROUNDS; round++) {
			const first = kind.make(mulberry32(frameSeed), attacker);
			bytes = first.length;
			let started = performance.now();
			victim.receive(first);
			const single = performance.now() - started;
			if (single >= CHEAP_MS) {
				best = Math.min(best, single);
				continue;
			}
			const copies = Array.from({ length: COPIES_OF_CHEAP_FRAME }, () => kind.make(mulberry32(frameSeed), attacker));
			started = performance.now();
			for (const wire of copies) victim.receive(wire);
			best = Math.min(best, (performance.now() - started) / copies.length);
		}
		perFrame.push(best);
	}
	const sorted = [...perFrame].sort((a, b) => a - b);
	return { id: kind.id, label: kind.label, worstMs: sorted.at(-1)!, medianMs: sorted[Math.floor(sorted.length / 2)]!, bytes, outcome: outcomes.at(-1) ?? 'none' };
}

/** Times the baseline and every hostile kind in this JavaScript engine. */
export async function measureHostileFrames(): Promise<{ baseline: KindTiming; kinds: KindTiming[] }> {
	const random = mulberry32(SEED);
	const { victim, attacker, outcomes } = await connectedVictim();
	// Warm-up: let the engine compile the decode and schema paths before anything is timed.
	for (const kind of [BASELINE_KIND, ...HOSTILE_KINDS]) victim.receive(kind.make(random, attacker));
	const baseline = timeKind(BASELINE_KIND, random, victim, attacker, outcomes);
	const kinds = HOSTILE_KINDS.map((kind) => timeKind(kind, random, victim, attacker, outcomes));
	return { baseline, kinds };
}
