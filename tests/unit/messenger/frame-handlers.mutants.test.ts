import { describe, expect, it, vi } from 'vitest';
import { saveContact } from '../../../src/lib/db/queries';
import { REQUEST_MAX_TEXT_CHARS } from '../../../src/lib/db/inbound-rules';
import type { ArrivalPreview } from '../../../src/lib/db/change-feed';
import type { FileBody, FileStopFrame } from '../../../src/lib/files/file-frames';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { FileFrames, GroupFrames } from '../../../src/lib/messenger/context';
import { handleMessages, handlers } from '../../../src/lib/messenger/handlers';
import type { GroupAppFrame } from '../../../src/lib/protocol/frames';
import { handlerScene, nextId, textFrame, type HandlerScene } from './handler-scene';

// The frame handlers' branches Stryker left alive with the handler tests (frame-handlers,
// frame-refusals): file messages, replies, the logged reasons, and the file and group frames
// when their wiring is there or not. Each checked red by hand against its mutant.

function fileBody(extra: Partial<FileBody> = {}): FileBody {
	return { kind: 'file', hash: new Uint8Array(32).fill(7), key: new Uint8Array(32).fill(9), name: '.hidden report.pdf', type: 'application/pdf', size: 1_000, ...extra };
}

/** A scene whose peer is a contact, and a file wiring that records what it was asked to fetch. */
async function contactScene(): Promise<HandlerScene & { fetched: MessageId[][]; controls: unknown[] }> {
	const fetched: MessageId[][] = [];
	const controls: unknown[] = [];
	const files: FileFrames = {
		control: async (_peer, frame) => void controls.push(frame),
		received: (ids) => void fetched.push([...ids])
	};
	const scene = await handlerScene({ files });
	await saveContact(scene.db, { peerId: scene.peer, placeholderName: 'p', now: 1 });
	return { ...scene, fetched, controls };
}

describe('file messages', () => {
	it('stores the caption as its text, a safe file name, a file row to fetch, and asks for the newly stored file only', async () => {
		const scene = await contactScene();
		const file = textFrame('', { body: { ...fileBody(), caption: 'the report' } });
		const plain = textFrame('just text');
		await handleMessages(scene.context, scene.peer, [plain, file]);
		const row = await scene.db.receiver.get(file.id);
		expect(row).toMatchObject({ kind: 'file', fileName: 'hidden report.pdf', text: 'the report' });
		expect((await scene.db.receiver.get(plain.id))?.kind).toBeUndefined();
		expect(await scene.db.files.get(file.id)).toMatchObject({ messageId: file.id, state: 'receiving', name: '.hidden report.pdf', size: 1_000 });
		expect(scene.fetched).toEqual([[file.id]]);
		expect(scene.acks).toEqual([plain.id, file.id]);
		// A repeat is acked again but not fetched again (its file is already on the way).
		await handleMessages(scene.context, scene.peer, [file]);
		expect(scene.fetched).toEqual([[file.id]]);
		expect(scene.acks).toEqual([plain.id, file.id, file.id]);
	});

	it('stores an empty text for a file without a caption', async () => {
		const scene = await contactScene();
		const file = textFrame('', { body: fileBody() });
		await handleMessages(scene.context, scene.peer, [file]);
		expect((await scene.db.receiver.get(file.id))?.text).toBe('');
	});

	it('asks for no file when a run holds only text', async () => {
		const scene = await contactScene();
		await handleMessages(scene.context, scene.peer, [textFrame('a'), textFrame('b')]);
		expect(scene.fetched).toEqual([]);
	});

	it('stores a file message when no file wiring is there (nothing to ask)', async () => {
		const scene = await handlerScene();
		const file = textFrame('', { body: fileBody() });
		await handleMessages(scene.context, scene.peer, [file]);
		expect((await scene.db.receiver.get(file.id))?.kind).toBe('file');
		expect(scene.acks).toEqual([file.id]);
	});
});

describe('message details and refusals', () => {
	it('keeps the id of the message a reply quotes', async () => {
		const scene = await contactScene();
		const original = textFrame('question');
		const reply = textFrame('answer', { reply: original.id });
		await handleMessages(scene.context, scene.peer, [original, reply]);
		expect((await scene.db.receiver.get(reply.id))?.replyTo).toBe(original.id);
		expect((await scene.db.receiver.get(original.id))?.replyTo).toBeUndefined();
	});

	it('logs why a group message sent as a direct one is dropped', async () => {
		const scene = await contactScene();
		await handleMessages(scene.context, scene.peer, [textFrame('to the group', { conv: 'some-group' })]);
		expect(scene.rejects).toEqual([{ reason: 'unexpected', detail: 'group messages are not supported yet' }]);
	});

	it('logs a request over its quota as over-quota and charges it, without an ack', async () => {
		const scene = await handlerScene();
		await handleMessages(scene.context, scene.peer, [textFrame('x'.repeat(REQUEST_MAX_TEXT_CHARS + 1))]);
		expect(scene.rejects).toEqual([{ reason: 'over-quota', detail: '1 message(s) not stored' }]);
		expect(scene.refused).toEqual([1]);
		expect(scene.acks).toEqual([]);
	});

	it('shows nothing early when there is no arrival book to vouch for the rows', async () => {
		const scene = await contactScene();
		const previews: ArrivalPreview[] = [];
		scene.db.previews.subscribe((preview) => void previews.push(preview));
		await handleMessages(scene.context, scene.peer, [textFrame('hello')]);
		expect(previews).toEqual([]);
	});
});

describe('edit and profile refusals', () => {
	it("logs an edit of somebody else's message with the reason not-author", async () => {
		const scene = await handlerScene();
		const other = await handlerScene({ db: scene.db });
		const original = textFrame('theirs');
		await handleMessages(other.context, other.peer, [original]);
		await handlers.edit(scene.context, scene.peer, { t: 'edit', id: nextId(), target: original.id, version: 1, ts: Date.now(), text: 'mine now' });
		expect(scene.rejects).toEqual([{ reason: 'not-author', detail: 'edit of a message this peer did not write' }]);
	});

	it('logs a profile name with nothing visible, and why', async () => {
		const scene = await handlerScene();
		await handlers.profile(scene.context, scene.peer, { t: 'profile', name: '\u200b\u202e ' });
		expect(scene.rejects).toEqual([{ reason: 'invalid', detail: 'profile name has nothing visible' }]);
		expect(await scene.db.users.get(scene.peer)).toBeUndefined();
	});
});

describe('file and group control frames', () => {
	const stop = (): FileStopFrame => ({ t: 'fstop', id: nextId(), hash: new Uint8Array(32), why: 'cancel' });

	it('hands file control frames to the file transfers', async () => {
		const scene = await contactScene();
		const frame = stop();
		await handlers.fstop(scene.context, scene.peer, frame);
		expect(scene.controls).toEqual([frame]);
		expect(scene.rejects).toEqual([]);
	});

	it('logs file control frames when file transfer is not wired', async () => {
		const scene = await handlerScene();
		await handlers.fstop(scene.context, scene.peer, stop());
		expect(scene.rejects).toEqual([{ reason: 'unexpected', detail: 'file transfer is not wired' }]);
	});

	const groupFrame = { t: 'gdone', group: 'g' } as unknown as GroupAppFrame;

	it('hands group frames to the group wiring', async () => {
		const handle = vi.fn(async () => {});
		const groups = { handle, handleMessages: async () => {}, acked: async () => {} } satisfies GroupFrames;
		const scene = await handlerScene({ groups });
		await handlers.gdone(scene.context, scene.peer, groupFrame as never);
		expect(handle).toHaveBeenCalledWith(scene.context, scene.peer, groupFrame);
		expect(scene.rejects).toEqual([]);
	});

	it('logs group frames when no group wiring is there', async () => {
		const scene = await handlerScene();
		await handlers.gdone(scene.context, scene.peer, groupFrame as never);
		expect(scene.rejects).toEqual([{ reason: 'unexpected', detail: 'group frames are not handled here' }]);
	});
});
