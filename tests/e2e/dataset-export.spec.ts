import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumLaunchOptions } from './browser';
import { expect, screenshot, test } from './fixtures';
import { connectAliceAndBob, openAliceAndBob, send, threadText } from './chat-steps';
import { attach, download, sendTray } from './file-steps';
import { audit, report, type Finding } from './axe-audit';
import { conversationButton, ui } from './parley-ui';
import { enableTestHooks, waitForHooks } from './parley-hooks';
import { parseDatasetLine } from '../../src/lib/anonymize/dataset-schema';

// Issue 14: Alice agreed to research datasets, Bob did not. Alice's export holds her text,
// scrubbed, and nothing of Bob's; no peer id, name or key anywhere; every line valid. Each also
// sends a voice message: Alice's is in the export as its transcript, Bob's leaves no trace.

const SCREENS = 'docs/screenshots';
/** The model's first load and a short transcription, on a loaded 2-core machine. */
const TRANSCRIBED_MS = 180_000;

/** Speech made by espeak-ng (+ sox), 48 kHz mono 16-bit, with a second of silence after it. */
function speechWav(sentence: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'parley-dataset-voice-'));
	const spoken = join(dir, 'spoken.wav');
	const wav = join(dir, 'mic.wav');
	execFileSync('espeak-ng', ['-s', '150', '-w', spoken, sentence]);
	execFileSync('sox', [spoken, '-r', '48000', '-c', '1', '-b', '16', wav, 'pad', '0', '1']);
	return wav;
}

// Chromium's fake microphone plays this for every page (Alice's words); Bob's page gets other
// words through a Web Audio stream in place of the microphone (`speakInstead`).
test.use({ launchOptions: { ...chromiumLaunchOptions, args: [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${speechWav('The harbour opens at nine. Bring five ropes and the blue lantern.')}`] } });

/** This page's microphone plays `wav` in a loop instead of the browser-wide fake one. */
async function speakInstead(page: Page, wav: string): Promise<void> {
	await page.evaluate((base64) => {
		const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
		navigator.mediaDevices.getUserMedia = async () => {
			const audio = new AudioContext();
			const source = audio.createBufferSource();
			source.buffer = await audio.decodeAudioData(bytes.slice().buffer);
			source.loop = true;
			const out = audio.createMediaStreamDestination();
			source.connect(out);
			source.start();
			return out.stream;
		};
	}, readFileSync(wav).toString('base64'));
}

function voiceBubbles(page: Page): Locator {
	return ui(page).bubbles.filter({ has: page.getByRole('slider', { name: 'Position in voice message' }) });
}

/** About three seconds from the microphone, sent. */
async function recordVoice(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Record voice message' }).click();
	const bar = page.getByRole('group', { name: 'Voice message' });
	await expect(bar.getByRole('timer')).toHaveText(/^0:0[3-9]$/, { timeout: 10_000 });
	await bar.getByRole('button', { name: 'Send voice message' }).click();
	await expect(bar).toBeHidden();
}

async function docsScreenshot(page: Page, name: string): Promise<void> {
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
		await page.screenshot({ path: `${SCREENS}/${name}-${scheme}.png` });
	}
	await page.emulateMedia({ colorScheme: null, reducedMotion: null });
}

async function openResearch(page: Page) {
	await page.getByRole('button', { name: 'Settings', exact: true }).click();
	const section = page.getByRole('region', { name: 'Research data' });
	await section.scrollIntoViewIfNeeded();
	return section;
}

test('dataset export: the consenting author scrubbed, the other not shared, no ids or names, every line valid', async ({ openPeer }) => {
	test.setTimeout(600_000);
	const { alice, bob } = await openAliceAndBob(openPeer);
	const { aliceId, bobId } = await connectAliceAndBob(alice, bob);
	const findings: Finding[] = [];

	await test.step('Alice agrees; Bob leaves the switch off', async () => {
		const section = await openResearch(alice.page);
		const consent = section.getByRole('switch', { name: 'Allow my messages to be included in anonymized research datasets' });
		await expect(consent).not.toBeChecked();
		await consent.click();
		await expect(consent).toBeChecked();
		await docsScreenshot(alice.page, 'dataset-01-settings');
		await alice.page.getByRole('button', { name: 'Close settings' }).click();
	});

	await test.step('they chat: text with an e-mail and a phone number, and a file', async () => {
		await conversationButton(alice.page, 'Bob').click();
		await send(alice.page, 'Hi Bob, write to alice.moreau@example.org or call +44 20 7946 0958');
		await expect(threadText(bob.page, 'alice.moreau@example.org')).toBeVisible();
		await send(bob.page, 'bobs private reply about the zebra plan');
		await expect(threadText(alice.page, 'bobs private reply about the zebra plan')).toBeVisible();
		await attach(alice.page, [{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('quarterly notes\n') }]);
		await sendTray(alice.page, 'the notes from yesterday');
		await expect(threadText(bob.page, 'the notes from yesterday')).toBeVisible();
	});

	const spoken = await test.step("voice: Alice and Bob each send one; Alice's device transcribes both", async () => {
		await recordVoice(alice.page);
		await expect(voiceBubbles(bob.page)).toHaveCount(1, { timeout: 30_000 });
		await speakInstead(bob.page, speechWav('Purple giraffes sleep under the old wooden bridge.'));
		await recordVoice(bob.page);
		const bubbles = voiceBubbles(alice.page);
		await expect(bubbles).toHaveCount(2, { timeout: 30_000 });
		// Three seconds of a looping sentence: which of its words were heard varies.
		const words = async (bubble: Locator): Promise<string[]> => {
			const transcript = bubble.getByRole('group', { name: 'Transcript' });
			await expect(transcript).toHaveAttribute('data-transcript', 'done', { timeout: TRANSCRIBED_MS });
			return ((await transcript.textContent()) ?? '').toLowerCase().match(/\p{L}{4,}/gu) ?? [];
		};
		const alices = await words(bubbles.first());
		const bobs = await words(bubbles.last());
		expect(alices.length).toBeGreaterThan(0);
		// The file's own vocabulary ("audio", "voice", "text") can be heard in anything.
		const format = new Set(['audio', 'voice', 'text', 'typed', 'turns', 'source', 'speaker', 'speakers', 'minute', 'type', 'kind', 'direct', 'document', 'shared', 'size', 'conversation']);
		return { alices, bobs: bobs.filter((word) => !alices.includes(word) && !format.has(word)) };
	});

	const section = await openResearch(alice.page);
	await test.step('preview: counts and the first lines as written', async () => {
		await section.getByRole('button', { name: 'Preview' }).click();
		const preview = section.getByRole('region', { name: 'Preview' });
		await expect(preview).toBeVisible({ timeout: 60_000 });
		await expect(preview.getByLabel('Conversation 1')).toContainText('[EMAIL]');
		await expect(preview.getByLabel('Conversation 1')).toContainText('[not shared]');
		await expect(preview.getByLabel('Conversation 1')).not.toContainText('zebra');
		await preview.scrollIntoViewIfNeeded();
		await docsScreenshot(alice.page, 'dataset-02-preview');
		await audit(alice.page, 'dataset-preview', findings);
	});

	await test.step("Bob's app heard Alice's consent with her profile: his preview holds her text, scrubbed", async () => {
		const bobs = await openResearch(bob.page);
		await bobs.getByRole('button', { name: 'Preview' }).click();
		const line = bobs.getByRole('region', { name: 'Preview' }).getByLabel('Conversation 1');
		await expect(line).toContainText('write to [EMAIL] or call [PHONE]', { timeout: 60_000 });
		await expect(line).toContainText('bobs private reply');
	});

	const file = await test.step('export: one JSONL file', async () => {
		const saved = await download(alice.page, section.getByRole('button', { name: 'Export', exact: true }));
		expect(saved.name).toMatch(/^parley-dataset-\d{4}-\d{2}-\d{2}\.jsonl$/);
		return saved.bytes.toString('utf8');
	});

	await test.step('the file: Alice scrubbed, nothing of Bob, no ids or names, every line valid', async () => {
		const lines = file.trim().split('\n');
		expect(lines.length).toBe(2);
		for (const line of lines) expect(parseDatasetLine(line)).toMatchObject({ ok: true });
		expect(file).toContain('[EMAIL]');
		expect(file).toContain('[PHONE]');
		expect(file).toContain('the notes from yesterday');
		expect(file).toContain('"type":"document"');
		expect(file).toContain('[not shared]');
		// Alice's voice message: a turn with its transcript, marked as such, and its audio's size band;
		// Bob's: inside his one placeholder turn, no transcript, no attachment.
		const conversation = JSON.parse(lines[1] ?? '{}') as { turns: { text: string; source: string; attachments?: { type: string }[] }[] };
		const voice = conversation.turns.filter((turn) => turn.source === 'voice');
		expect(voice).toHaveLength(1);
		expect(spoken.alices.some((word) => voice[0]?.text.toLowerCase().includes(word))).toBe(true);
		expect(voice[0]?.attachments).toEqual([expect.objectContaining({ type: 'audio' })]);
		expect(conversation.turns.filter((turn) => turn.attachments?.some((attachment) => attachment.type === 'audio'))).toHaveLength(1);
		expect(conversation.turns.filter((turn) => turn.source === 'not_shared').every((turn) => turn.attachments === undefined)).toBe(true);
		// Whatever the model heard in Bob's message is in no conversation (the header's method and
		// limits sentences are fixed text).
		expect(spoken.bobs.length).toBeGreaterThan(0);
		const conversations = lines.slice(1).join('\n').toLowerCase();
		for (const word of spoken.bobs) expect(conversations, `the file holds Bob's spoken "${word}"`).not.toContain(word);
		for (const secret of ['zebra', 'bobs private', aliceId, bobId, 'Alice', 'Bob', 'alice.moreau', 'example.org', '7946', 'notes.txt']) {
			expect(file, `the file holds ${secret}`).not.toContain(secret);
		}
		// The public key too: the identity row's bytes, as base64 and hex, are nowhere in the file.
		const keys = await alice.page.evaluate(async () => {
			const open = indexedDB.open('parley');
			const db = await new Promise<IDBDatabase>((resolve, reject) => ((open.onsuccess = () => resolve(open.result)), (open.onerror = () => reject(open.error))));
			const row = await new Promise<{ publicKey: Uint8Array } | undefined>((resolve) => {
				const request = db.transaction('identity').objectStore('identity').get('self');
				request.onsuccess = () => resolve(request.result as { publicKey: Uint8Array } | undefined);
				request.onerror = () => resolve(undefined);
			});
			db.close();
			const bytes = row ? Array.from(row.publicKey) : [];
			return { hex: bytes.map((b) => b.toString(16).padStart(2, '0')).join(''), base64: btoa(String.fromCharCode(...bytes)) };
		});
		for (const key of [keys.hex, keys.base64]) if (key) expect(file).not.toContain(key.slice(0, 16));
	});

	await test.step('progress and cancel on a long export', async () => {
		await enableTestHooks(alice.context);
		await alice.page.reload();
		await waitForHooks(alice.page);
		await alice.page.evaluate((peer) => (globalThis as unknown as { __parley: { seedHistory(p: string, n: number): Promise<unknown> } }).__parley.seedHistory(peer, 20_000), bobId);
		const research = await openResearch(alice.page);
		await research.getByRole('button', { name: 'Preview' }).click();
		const bar = research.getByRole('progressbar', { name: 'Export progress' });
		await expect(bar).toBeVisible();
		await expect(research.getByText(/[1-9]\d* of 20005 messages read/)).toBeVisible();
		await docsScreenshot(alice.page, 'dataset-03-progress');
		await screenshot(alice.page, 'dataset-progress');
		await research.getByRole('button', { name: 'Cancel export' }).click();
		await expect(research.getByRole('status')).toHaveText('Export cancelled.');
		await expect(bar).toHaveCount(0);
	});

	expect(findings, report(findings)).toEqual([]);
});
