import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { CHAT_BURST_BYTES, CHAT_FILE_BYTES_PER_SECOND, CHAT_RECENT_MS, ChatBudget, isChatFrame } from '../../../src/lib/messenger/files/chat-budget';
import type { AppFrame } from '../../../src/lib/protocol/frames';
import { fileBytes, FileScene, peerId, SCENE_CIPHERS } from './file-scene';

const RATE = 1024 * 1024;
const bob = peerId('b');

function clocked(rate = RATE) {
	const clock = { now: 0 };
	return { clock, budget: new ChatBudget(() => clock.now, rate) };
}

/** Sends chunks whenever the budget lets them go, for `ms` of the fake clock; bytes sent. */
function sendFor(budget: ChatBudget, clock: { now: number }, ms: number): number {
	let sent = 0;
	const end = clock.now + ms;
	while (clock.now <= end) {
		const wait = budget.waitMs(bob, CHUNK_BYTES);
		if (wait > 0) {
			clock.now += wait;
			continue;
		}
		budget.spent(bob, CHUNK_BYTES);
		sent += CHUNK_BYTES;
	}
	return sent;
}

describe('chat budget', () => {
	it('lets a file go at once while nobody chats', () => {
		const { budget } = clocked();
		for (let i = 0; i < 100; i++) {
			expect(budget.waitMs(bob, CHUNK_BYTES)).toBe(0);
			budget.spent(bob, CHUNK_BYTES);
		}
	});

	it('paces a file to its rate while chat is recent', () => {
		const { clock, budget } = clocked();
		budget.noteChat(bob);
		const sent = sendFor(budget, clock, 1000);
		expect(sent).toBeLessThanOrEqual(RATE + CHAT_BURST_BYTES);
		expect(sent).toBeGreaterThanOrEqual(RATE - CHUNK_BYTES);
		expect(budget.chatting(peerId('c'))).toBe(false);
	});

	it('a pause while chatting earns no burst after it: one chunk at most goes at once', () => {
		const { clock, budget } = clocked();
		budget.noteChat(bob);
		sendFor(budget, clock, 200);
		clock.now += CHAT_RECENT_MS - 300;
		budget.noteChat(bob);
		clock.now += CHAT_RECENT_MS - 100;
		expect(budget.waitMs(bob, CHUNK_BYTES)).toBe(0);
		budget.spent(bob, CHUNK_BYTES);
		expect(budget.waitMs(bob, CHUNK_BYTES)).toBeGreaterThan(0);
	});

	it('stops pacing once chat is CHAT_RECENT_MS old', () => {
		const { clock, budget } = clocked();
		budget.noteChat(bob);
		budget.spent(bob, CHUNK_BYTES);
		budget.spent(bob, CHUNK_BYTES);
		expect(budget.waitMs(bob, CHUNK_BYTES)).toBeGreaterThan(0);
		clock.now += CHAT_RECENT_MS;
		expect(budget.chatting(bob)).toBe(false);
		expect(budget.waitMs(bob, CHUNK_BYTES)).toBe(0);
	});

	it('the default pace is a few MiB/s: far under a data channel on a LAN, over a slow uplink', () => {
		expect(CHAT_FILE_BYTES_PER_SECOND).toBe(4 * 1024 * 1024);
	});

	it('counts what a person writes as chat, not a file announcement, receipts or control frames', () => {
		const text = { t: 'msg', body: { kind: 'text', text: 'hi' } } as AppFrame;
		const file = { t: 'msg', body: { kind: 'file' } } as AppFrame;
		const groupText = { t: 'gmsg', body: { kind: 'text', text: 'hi' } } as AppFrame;
		const groupFile = { t: 'gmsg', body: { kind: 'file' } } as AppFrame;
		expect([text, groupText, { t: 'edit' } as AppFrame, { t: 'delete' } as AppFrame].map(isChatFrame)).toEqual([true, true, true, true]);
		expect([file, groupFile, { t: 'ack' } as AppFrame, { t: 'read' } as AppFrame, { t: 'fwant' } as AppFrame, { t: 'ping' } as AppFrame].map(isChatFrame)).toEqual([false, false, false, false, false, false]);
	});
});

describe.each(SCENE_CIPHERS)('a file served while chatting (%s)', (_cipherName, cipher) => {
	it('goes at the chat pace, and at full speed again when chat stops', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		const a = scene.peer('a');
		const b = scene.peer('b');
		const rate = 2 * 1024 * 1024;
		const budget = new ChatBudget(() => performance.now(), rate);
		a.deps.chat = budget;
		b.options.holders = [a.id];
		const chunks = 24;
		const sent = await scene.send('a', ['b'], fileBytes(chunks * CHUNK_BYTES, 5));
		const chatting = setInterval(() => budget.noteChat(b.id), 50);
		budget.noteChat(b.id);
		const started = performance.now();
		await b.fetcher.begin(sent.rows.get('b')!);
		scene.connect('a', 'b');
		const pipe = a.pipes.get(b.id)!;
		const send = pipe.send.bind(pipe);
		const sentAt: number[] = [];
		pipe.send = (frame) => {
			sentAt.push(performance.now());
			send(frame);
		};
		await scene.until(async () => (await b.db.files.get(sent.messageId))?.state === 'complete', 'complete');
		clearInterval(chatting);
		const pacedMs = performance.now() - started;
		// 24 chunks at 2 MiB/s: at least (24 − 1) × 64 KiB / 2 MiB/s ≈ 720 ms.
		expect(pacedMs).toBeGreaterThanOrEqual((((chunks - 1) * CHUNK_BYTES) / rate) * 1000 * 0.95);
		// Never a burst: between any two sends, no more chunks than the pace allows in that time,
		// give or take two (WebCrypto's seals finish unevenly: a slow one's frame may go just
		// before a quick one's). Frames being sealed are charged when taken, not when sent;
		// charged when sent, the high-water mark's four went at once after every pause.
		const chunkMs = (CHUNK_BYTES / rate) * 1000;
		const bursts = sentAt.flatMap((from, i) => sentAt.slice(i + 1).flatMap((to, k) => (k + 1 > (to - from) / chunkMs + 2 ? [[i, i + k + 1]] : [])));
		expect(bursts).toEqual([]);

		const again = await scene.send('a', ['b'], fileBytes(chunks * CHUNK_BYTES, 6));
		const fast = performance.now();
		await b.fetcher.begin(again.rows.get('b')!);
		await scene.until(async () => !budget.chatting(b.id) && (await b.db.files.get(again.messageId))?.state === 'complete', 'complete', 15_000);
		expect(performance.now() - fast).toBeLessThan(CHAT_RECENT_MS + pacedMs);
	}, 30_000);
});
