import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ArrivalPreview } from '../../../src/lib/db/change-feed';
import { ArrivalBook } from '../../../src/lib/messenger/arrival-book';
import { handleMessages } from '../../../src/lib/messenger/handlers';
import { handlerScene, textFrame } from './handler-scene';

// A contact's message may be shown before its write commits (arrival-book.ts). What was shown
// must disappear again when the store does not keep it: a resend of a stored message that lies
// about its number, or a write that fails. Nothing shown early may outlive its refusal.

afterEach(() => vi.restoreAllMocks());

async function contactScene() {
	const scene = await handlerScene();
	const previews: ArrivalPreview[] = [];
	scene.db.previews.subscribe((preview) => void previews.push(preview));
	const context = { ...scene.context, arrivals: new ArrivalBook(() => true) };
	// One stored message first: until then nothing of theirs is shown early.
	const first = textFrame('first');
	await handleMessages(context, scene.peer, [first]);
	return { ...scene, context, previews, first };
}

const shown = (previews: ArrivalPreview[]) => previews.flatMap((preview) => preview.rows.map((row) => row.text));
const withdrawn = (previews: ArrivalPreview[]) => previews.flatMap((preview) => preview.withdrawn ?? []);

describe('messages shown before they are stored', () => {
	it('withdraws a repeat of a stored message that came with a newer number, and keeps the new one beside it', async () => {
		const { peer, context, previews, acks, first } = await contactScene();
		const repeat = { ...first, seq: first.seq + 1_000 };
		const fresh = textFrame('fresh', { seq: first.seq + 1_001 });
		await handleMessages(context, peer, [repeat, fresh]);
		expect(shown(previews)).toEqual(['first', 'fresh']);
		expect(withdrawn(previews)).toEqual([first.id]);
		// Both acknowledged: the repeat so the author stops resending it, the new one as stored.
		expect(acks).toEqual([first.id, first.id, fresh.id]);
	});

	it('withdraws everything it showed when the write fails, and passes the failure on', async () => {
		const { db, peer, context, previews, acks, first } = await contactScene();
		vi.spyOn(db, 'transaction').mockImplementationOnce(() => Promise.reject(new Error('disk full')) as never);
		const lost = [textFrame('lost one'), textFrame('lost two')];
		await expect(handleMessages(context, peer, lost)).rejects.toThrow('disk full');
		expect(shown(previews)).toEqual(['lost one', 'lost two']);
		expect(withdrawn(previews)).toEqual(lost.map((frame) => frame.id));
		expect(acks).toEqual([first.id]);
		// The author resends them; they are stored and shown once more, nothing withdrawn this time.
		await handleMessages(context, peer, lost);
		expect(acks).toEqual([first.id, ...lost.map((frame) => frame.id)]);
		expect(withdrawn(previews)).toHaveLength(2);
	});

	it('withdraws nothing when all it showed is stored', async () => {
		const { peer, context, previews } = await contactScene();
		await handleMessages(context, peer, [textFrame('a'), textFrame('b')]);
		expect(shown(previews)).toEqual(['a', 'b']);
		expect(previews.filter((preview) => preview.withdrawn !== undefined)).toEqual([]);
	});
});
