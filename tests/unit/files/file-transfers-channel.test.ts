import { describe, expect, it } from 'vitest';
import { FILE_CIPHER_AES256_GCM } from '../../../src/lib/crypto/file-cipher-id';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { incomingFileRow, prepareFile } from '../../../src/lib/messenger/files/file-prepare';
import { FileTransfers } from '../../../src/lib/messenger/files/file-transfers';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import type { Link } from '../../../src/lib/net/transport';
import { fileBytes, peerId } from './file-scene';
import { FILE_STREAM_ID } from '../../../src/lib/files/file-stream';

describe('file transfers over the link file channel', () => {
	it('prepare, announce, fetch over the channel, and resume on a new link', async () => {
		const sodium = await loadSodium();
		const [a, b] = [peerId('a'), peerId('b')];
		const dbs = { [a]: new ChatDb(`ftc-a-${Date.now()}`), [b]: new ChatDb(`ftc-b-${Date.now()}`) } as Record<PeerId, ChatDb>;
		const engines = new Map<PeerId, FileTransfers>();
		for (const self of [a, b]) {
			engines.set(
				self,
				new FileTransfers({
					db: dbs[self]!,
					sodium,
					sendControl: (peer, frame) => {
						setTimeout(() => void engines.get(peer)!.onControl(self, frame), 0);
						return true;
					},
					entitled: async (peer) => peer === b,
					holders: () => [a],
					maxFileBytes: () => 2 ** 32,
					freeBytes: async () => null,
					log: () => {}
				})
			);
		}
		const bytes = fileBytes(30 * CHUNK_BYTES + 9, 2);
		const prepared = await prepareFile(sodium, new Blob([bytes], { type: 'application/pdf' }), 'report.pdf', { cipher: FILE_CIPHER_AES256_GCM, caption: 'the report' });
		expect(prepared.body).toMatchObject({ kind: 'file', name: 'report.pdf', type: 'application/pdf', size: bytes.length, caption: 'the report' });
		const messageId = newMessageId(Date.now());
		await dbs[a]!.files.add(prepared.row(messageId, b, b, Date.now()));
		const incoming = incomingFileRow(prepared.body, messageId, a, a, Date.now(), true);
		await dbs[b]!.files.add(incoming);

		const network = new FakeNetwork();
		const [ta, tb] = [network.createTransport(), network.createTransport()];
		ta.start(a);
		tb.start(b);
		const connect = async (cutAfter = Infinity) => {
			const inbound = new Promise<Link>((resolve) => {
				const off = tb.on('link', (link) => {
					off();
					resolve(link);
				});
			});
			const out = ta.dial(b);
			const theirs = await inbound;
			await new Promise((resolve) => setTimeout(resolve, 1));
			const channel = out.fileChannel(FILE_STREAM_ID)!;
			// The cut: after `cutAfter` chunks nothing more leaves, as when a tab closes mid-transfer.
			const send = channel.send.bind(channel);
			let sent = 0;
			channel.send = (frame) => {
				if (++sent <= cutAfter) send(frame);
			};
			engines.get(a)!.attach(b, channel);
			engines.get(b)!.attach(a, theirs.fileChannel(FILE_STREAM_ID)!);
			return out;
		};
		await engines.get(b)!.fetch(incoming);
		const first = await connect(8);
		const until = async (check: () => Promise<boolean>) => {
			for (let i = 0; i < 2000 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 5));
		};
		await until(async () => ((await dbs[b]!.files.get(messageId))?.have[0]?.[1] ?? 0) >= 8);
		expect((await dbs[b]!.files.get(messageId))?.have).toEqual([[0, 8]]);
		first.close();
		await new Promise((resolve) => setTimeout(resolve, 10));
		const partial = (await dbs[b]!.files.get(messageId))!;
		expect(partial.state).toBe('receiving');
		await connect();
		await until(async () => (await dbs[b]!.files.get(messageId))?.state === 'complete');
		expect((await dbs[b]!.files.get(messageId))?.state).toBe('complete');
	}, 30_000);
});
