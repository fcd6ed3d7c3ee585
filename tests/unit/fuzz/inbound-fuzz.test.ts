import { encode } from '@msgpack/msgpack';
import { afterEach, describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { decodeSealedPlaintext } from '../../../src/lib/protocol/codec';
import { MAX_ACK_IDS, MAX_FRAME_BYTES } from '../../../src/lib/protocol/limits';
import { between, mulberry32, seedFrom } from '../../e2e/seeded-random';
import { eventually } from '../messenger/messenger-harness';
import { differences, snapshot } from './db-snapshot';
import { FrameTimer } from './frame-timer';
import { drainThrough, fuzzScene, pendingSentinel, stopScene, type FuzzScene } from './fuzz-victim';
import { hostilePlaintext, seededMessageId, validFrameValue, validMessage, type Random } from './hostile-plaintexts';
import { MAX_WIRE_BYTES, mutate, mutateSealedHeader, randomBytes, randomLength } from './mutations';

// At least 100,000 random, mutated and hostile frames into the real inbound pipeline of a
// Messenger (session -> decode -> schema -> handlers -> Dexie), from a peer that completed a real
// handshake. Replay a run with FUZZ_SEED=<printed seed>; FUZZ_FRAMES sets the count.

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 100_000);
const SEED = seedFrom(process.env.FUZZ_SEED);
/** Frames sent between two turns of the event loop (timers and IndexedDB get to run). */
const CHUNK = 256;
const TIMEOUT_MS = 10 * 60_000;

let scene: FuzzScene | null = null;
afterEach(() => {
	if (scene) stopScene(scene);
	scene = null;
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Catches what would otherwise only be printed: errors thrown outside any awaited promise. */
function watchUncaught(): { errors: string[]; stop(): void } {
	const errors: string[] = [];
	const onError = (error: unknown) => void errors.push(String(error).slice(0, 300));
	process.on('uncaughtException', onError);
	process.on('unhandledRejection', onError);
	return { errors, stop: () => (process.off('uncaughtException', onError), void process.off('unhandledRejection', onError)) };
}

/** Longest the event loop went without running a 10 ms timer, minus the 10 ms. */
function watchLag(): { stop(): number } {
	let last = performance.now();
	let worst = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		worst = Math.max(worst, now - last - 10);
		last = now;
	}, 10);
	return { stop: () => (clearInterval(timer), worst) };
}

/** One invalid frame on the wire. Plaintext mutations that happen to decode are set aside. */
function hostileFrame(random: Random, s: FuzzScene, timer: FrameTimer, validLater: Uint8Array[], donor: { wire: Uint8Array; plain: Uint8Array }): boolean {
	const roll = random();
	if (roll < 0.3) {
		const bytes = randomBytes(random, randomLength(random, random() < 0.9 ? MAX_FRAME_BYTES + 64 : MAX_WIRE_BYTES));
		// Half look like a sealed frame with a fresh counter, so they reach the MAC check.
		if (bytes.length > 9 && random() < 0.5) bytes.set([2, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff], 0);
		timer.expect('random bytes', bytes.length > MAX_FRAME_BYTES ? 'oversized' : bytes[0] === 2 ? 'sealed-looking' : 'raw');
		s.attacker.sendRaw(bytes);
		return true;
	}
	if (roll < 0.6) {
		const wire = s.attacker.seal(encode(validFrameValue(random)));
		const bad = random() < 0.7 ? mutate(random, wire, donor.wire) : mutateSealedHeader(random, wire);
		donor.wire = wire;
		timer.expect('sealed-frame mutation', 'mutated wire');
		s.attacker.sendRaw(bad);
		return true;
	}
	if (roll < 0.85) {
		const { kind, bytes } = hostilePlaintext(random);
		timer.expect('hostile plaintext', kind);
		s.attacker.sendPlaintext(bytes);
		return true;
	}
	const plain = encode(validFrameValue(random));
	const bad = mutate(random, plain, donor.plain);
	donor.plain = plain;
	if (decodeSealedPlaintext(bad).ok) {
		if (validLater.length < 500) validLater.push(bad);
		return false;
	}
	timer.expect('plaintext mutation', 'mutated msgpack');
	s.attacker.sendPlaintext(bad);
	return true;
}

/** Valid by schema, refused or ignored by the handlers: a group message, a forged edit, acks for other rows. */
function handlerRefusedFrame(random: Random, s: FuzzScene, ownRows: { toAttacker: string; toOther: string }): unknown {
	switch (between(random, 0, 3)) {
		case 0:
			return { ...validMessage(random), conv: 'group-1' };
		case 1:
			return { t: 'edit', id: seededMessageId(random), target: ownRows.toAttacker, version: between(random, 1, 99), ts: Date.now(), text: 'forged' };
		case 2:
			return { t: 'ack', ids: Array.from({ length: MAX_ACK_IDS }, () => seededMessageId(random)) };
		default:
			return { t: 'ack', ids: [ownRows.toOther] };
	}
}

describe('inbound pipeline under fuzzing', () => {
	it(
		`survives ${FRAMES} random, mutated and hostile frames from an authenticated peer, and writes nothing for them`,
		async () => {
			console.log(`inbound fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${FRAMES} frames`);
			const random = mulberry32(SEED);
			const s = (scene = await fuzzScene());
			// The sentinel's own ack may change its row (acked out of order) or, in order, the
			// attacker's delivered mark; nothing else.
			const attackerMark = new RegExp(`^deliveryMarks: (added|changed) "${s.mallory.peerId}"`);
			const notSentinelAck = (sentinel: string) => (line: string) => !line.startsWith(`sender: changed "${sentinel}"`) && !attackerMark.test(line);
			const uncaught = watchUncaught();
			const lag = watchLag();
			try {
				const timer = new FrameTimer(s.session, () => s.rejects.length);
				const sentinel = await pendingSentinel(s, 'sentinel 1');
				const before = await snapshot(s.db);
				const rejectsBefore = s.rejects.length;
				const validLater: Uint8Array[] = [];
				const donor = { wire: new Uint8Array(32), plain: encode(validMessage(random)) };
				const started = performance.now();
				let sent = 0;
				while (sent < FRAMES) {
					for (let inChunk = 0; inChunk < CHUNK && sent < FRAMES; ) {
						if (hostileFrame(random, s, timer, validLater, donor)) {
							sent += 1;
							inChunk += 1;
						}
					}
					await turn();
				}
				const elapsed = performance.now() - started;
				expect(timer.pending).toBe(0);
				await drainThrough(s, sentinel);
				const after = await snapshot(s.db);
				const changed = differences(before, after).filter(notSentinelAck(sentinel));
				console.log(`${sent} hostile frames in ${(elapsed / 1000).toFixed(1)} s (${timer.unrefused.length} with no rejection during receive(): ${JSON.stringify(timer.unrefused.slice(0, 5))}); victim-side time per frame:`);
				for (const line of timer.report()) console.log(`  ${line}`);
				expect(changed, `replay with FUZZ_SEED=${SEED}`).toEqual([]);
				// Every one of them was refused, each with one logged reason (ack of the sentinel excluded).
				// A frame refused by a handler logs after an await; say which frames logged nothing at
				// once, so a shortfall names the frame (seen once or twice under heavy load).
				const refusals = s.rejects.length - rejectsBefore;
				if (refusals !== sent) console.log(`refused ${refusals} of ${sent}; frames with no rejection logged during receive(): ${JSON.stringify(timer.unrefused)}`);
				expect(refusals, `replay with FUZZ_SEED=${SEED}`).toBe(sent);
				expect(s.session.state).toBe('ready');

				// Valid by schema, but refused or ignored by the handlers: still nothing may be written.
				const toAttacker = await pendingSentinel(s, 'own row');
				const toOther = await s.victim.sendText(createIdentity(s.sodium).peerId, 'for someone offline');
				const second = await pendingSentinel(s, 'sentinel 2');
				const beforeRefused = await snapshot(s.db);
				const refusedCount = Math.max(200, Math.floor(FRAMES / 500));
				for (let i = 0; i < refusedCount; i++) {
					timer.expect('handler-refused', 'valid schema');
					s.attacker.sendValue(handlerRefusedFrame(random, s, { toAttacker, toOther }));
					if (i % CHUNK === 0) await turn();
				}
				timer.expect('sentinel', 'ack');
				await drainThrough(s, second);
				const refusedChanges = differences(beforeRefused, await snapshot(s.db)).filter(notSentinelAck(second));
				expect(refusedChanges).toEqual([]);

				// Mutations that came out valid may be stored: counted, not forbidden.
				const third = await pendingSentinel(s, 'sentinel 3');
				const beforeValid = await snapshot(s.db);
				for (const plaintext of validLater) {
					timer.expect('mutation, valid schema', 'mutated msgpack');
					s.attacker.sendPlaintext(plaintext);
				}
				await drainThrough(s, third);
				const written = differences(beforeValid, await snapshot(s.db)).filter(notSentinelAck(third));
				console.log(`${validLater.length} mutations decoded as valid frames and were sent last; rows written or changed: ${written.length}`);

				// Still responsive: a newcomer's message is stored, and the attacker's pings answered.
				s.attacker.sendValue({ t: 'ping', n: 424_242 });
				await eventually(() => s.attacker.received.some((frame) => frame.t === 'pong' && frame.n === 424_242), Boolean);
				console.log(`worst event-loop lag during the run: ${lag.stop().toFixed(1)} ms`);
				expect(s.troubles).toEqual([]);
				expect(uncaught.errors).toEqual([]);
			} finally {
				uncaught.stop();
				lag.stop();
			}
		},
		TIMEOUT_MS
	);
});
