import { describe, expect, it } from 'vitest';
import { PieceFileService, type PieceFileReply } from '../../../src/lib/opfs/piece-file-service';
import { FakeFs } from './fake-opfs';

// The worker's side of its messages: a request from the page is checked before it is acted on.

describe('the piece-file service', () => {
	it('answers a sealed write whose chunks are not byte arrays as malformed, writing nothing', async () => {
		const fs = new FakeFs();
		const replies: PieceFileReply[] = [];
		const service = new PieceFileService({ root: fs.rootHandle, supported: true, reply: (reply) => replies.push(reply) });
		const request = { id: 7, op: 'sealed', folder: 'files-x', hash: 'ab'.repeat(32), size: 10, key: new Uint8Array(32) };
		service.handle({ ...request, chunks: [{ index: 0, sealed: [1, 2, 3] }] });
		service.handle({ ...request, id: 8, key: 'not a key', chunks: [] });
		service.handle({ id: 9, op: 'digest', folder: 'files-x', hash: 'ab'.repeat(32) });
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(replies).toEqual([7, 8, 9].map((id) => ({ id, ok: false, full: false, message: 'malformed request' })));
		expect(fs.used()).toBe(0);
	});
});
