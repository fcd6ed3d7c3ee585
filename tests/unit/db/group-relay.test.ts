import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatDb } from '../../../src/lib/db/chat-db';
import { storeGroupMessage } from '../../../src/lib/db/group-inbox';
import { heldSummary, relayFrames } from '../../../src/lib/db/group-relay-queries';
import { applyGroupOp } from '../../../src/lib/db/group-store';
import type { GroupId } from '../../../src/lib/group/group-ids';
import { MAX_RELAY_BATCH_MESSAGES, RELAY_WINDOW_MESSAGES } from '../../../src/lib/group/group-limits';
import { cast, createGroup, Writer, type Cast } from '../group/group-fixtures';
import { freshDb, signed } from './group-db-fixtures';
import type { Identity } from '../../../src/lib/crypto/identity';

let c: Cast;
beforeAll(async () => {
	c = await cast();
});

async function bobsDevice() {
	const db = freshDb();
	const create = createGroup(c.sodium, c.alice, [c.bob, c.carol]);
	await applyGroupOp(db, c.bob.peerId, create, 10);
	return { db, g: create.group, create };
}

/** Logs frames of `author` at these seqs as if received (the relay reads only the log). */
async function held(db: ChatDb, g: GroupId, author: Identity, seqs: number[]) {
	await db.groupFrames.bulkAdd(seqs.map((seq) => signed(c.sodium, author, g, seq, `m${seq}`)).map(({ frame }) => ({ id: frame.id, group: g, author: frame.by, seq: frame.seq, frame })));
}

describe('the relay summary', () => {
	it('claims per author the run from the lowest seq held up to the first gap, with the op heads', async () => {
		const { db, g, create } = await bobsDevice();
		await held(db, g, c.alice, [1, 2, 3, 5]);
		await held(db, g, c.carol, [2, 3]);
		const summary = (await heldSummary(db, g))!;
		expect(Object.fromEntries(summary.summary)).toEqual({ [c.alice.peerId]: { from: 1, upTo: 3 }, [c.carol.peerId]: { from: 2, upTo: 3 } });
		expect(summary.heads).toEqual([create.id]);
		expect(summary.ops).toBe(1);
		expect(await heldSummary(db, createGroup(c.sodium, c.carol, []).group)).toBeNull();
	});
});

describe('a relay answer', () => {
	it('sends the original signed frames, oldest first, one batch at a time', async () => {
		const { db, g } = await bobsDevice();
		const seqs = Array.from({ length: 100 }, (_, i) => i + 1);
		await held(db, g, c.alice, seqs);
		const answer = await relayFrames(db, g, [{ author: c.alice.peerId, from: 1, to: 100 }]);
		expect(answer.frames.map((f) => f.seq)).toEqual(seqs.slice(0, MAX_RELAY_BATCH_MESSAGES));
		expect(answer.more).toBe(true);
		const stored = await db.groupFrames.get(answer.frames[0]!.id);
		expect(answer.frames[0]!.sig).toEqual(stored!.frame.sig);
	});

	it('never reaches below the history window, nor past what is held', async () => {
		const { db, g } = await bobsDevice();
		const total = RELAY_WINDOW_MESSAGES + 20;
		await held(db, g, c.alice, Array.from({ length: total }, (_, i) => i + 1));
		const old = await relayFrames(db, g, [{ author: c.alice.peerId, from: 1, to: 30 }]);
		expect(old.frames.map((f) => f.seq)).toEqual(Array.from({ length: 10 }, (_, i) => 21 + i));
		const beyond = await relayFrames(db, g, [{ author: c.alice.peerId, from: total - 1, to: total + 50 }]);
		expect(beyond.frames.map((f) => f.seq)).toEqual([total - 1, total]);
	});

	it("still relays a departed member's messages, never a stranger's", async () => {
		const { db, g, create } = await bobsDevice();
		await storeGroupMessage(db, signed(c.sodium, c.carol, g, 1, 'bye soon'), c.carol.peerId, 20);
		await applyGroupOp(db, c.bob.peerId, new Writer(c.sodium, c.carol, g, [create]).write({ kind: 'leave' }), 30);
		await held(db, g, c.dave, [1]);
		const answer = await relayFrames(db, g, [
			{ author: c.carol.peerId, from: 1, to: 1 },
			{ author: c.dave.peerId, from: 1, to: 1 }
		]);
		expect(answer.frames.map((f) => f.by)).toEqual([c.carol.peerId]);
	});
});
