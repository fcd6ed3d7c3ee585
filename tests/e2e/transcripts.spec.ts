import type { Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, report, type Finding } from './axe-audit';
import { connectAliceAndBob, openAliceAndBob } from './chat-steps';
import { attach, fileBubble, sendTray } from './file-steps';
import { expect, screenshot, test } from './fixtures';
import { conversationButton, threadHeading, ui } from './parley-ui';

// Issue 13, transcripts: an audio file sent as a file attachment is transcribed on both devices
// by the on-device model; search finds its words; a long one is transcribed in chunks; a
// device with the model cached transcribes offline. Speech is made here by espeak-ng + sox.

const SCREENS = 'docs/screenshots';
const SHORT = "Please bring the blue umbrella to the station at five o'clock.";
/** Sentences joined with pauses: about 45 seconds, more than one 30-second model call. */
const LONG = [
	'This is the first part of a long voice message about the garden.',
	'We planted tomatoes, beans and sunflowers at the end of the spring.',
	'The weather was kind to us and the rain came at the right time.',
	'Our neighbours helped us build a fence around the vegetable beds.',
	'Next year we would like to grow potatoes and perhaps some strawberries.',
	'The children water the plants every morning before they go to school.',
	'Last week a family of hedgehogs moved into the compost heap by the shed.',
	'We share the harvest with our friends who live on the other side of town.',
	'In the evening I like to ride my bicycle along the river.'
];

/** 16 kHz mono WAV of `sentences`, each followed by a pause, as a Buffer. */
function speech(sentences: string[], dir: string, name: string): Buffer {
	const parts = sentences.map((sentence, i) => {
		const path = join(dir, `${name}-${i}.wav`);
		execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', path, sentence]);
		return path;
	});
	const out = join(dir, `${name}.wav`);
	// Each sentence padded with 1 s of silence, all joined, then resampled to 16 kHz mono.
	const padded = parts.map((path, i) => {
		const with_pause = join(dir, `${name}-${i}-p.wav`);
		execFileSync('sox', [path, with_pause, 'pad', '0', '1']);
		return with_pause;
	});
	execFileSync('sox', [...padded, '-r', '16000', '-c', '1', '-b', '16', out]);
	return readFileSync(out);
}

const seconds = (wav: Buffer) => (wav.length - 44) / (16_000 * 2);

function transcript(bubble: Locator): Locator {
	return bubble.getByRole('group', { name: 'Transcript' });
}

async function docsScreenshot(page: Page, name: string): Promise<void> {
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
		await page.screenshot({ path: `${SCREENS}/${name}-${scheme}.png` });
	}
	await page.emulateMedia({ colorScheme: null, reducedMotion: null });
}

async function waitForServiceWorkerControl(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** The model's first load, and a 45 s transcription, on a loaded 2-core machine. */
const TRANSCRIBED_MS = 240_000;

test('an audio file is transcribed on both sides and found by search; long audio in chunks; offline with the cached model', async ({ openPeer }) => {
	test.setTimeout(900_000);
	const dir = mkdtempSync(join(tmpdir(), 'parley-speech-'));
	try {
		const short = speech([SHORT], dir, 'short');
		const long = speech(LONG, dir, 'long');
		expect(seconds(long)).toBeGreaterThan(40);
		const findings: Finding[] = [];
		const { alice, bob } = await openAliceAndBob(openPeer);
		await connectAliceAndBob(alice, bob);
		await waitForServiceWorkerControl(alice.page);

		await test.step('the settings say what the switch does and how large the download is', async () => {
			await ui(alice.page).openSettings.click();
			const toggle = alice.page.getByRole('switch', { name: 'Transcribe voice messages on this device' });
			await expect(toggle).toHaveAttribute('aria-checked', 'true');
			await expect(alice.page.getByText(/The speech model \(\d+(\.\d+)? MB\) is downloaded once/)).toBeVisible();
			await toggle.scrollIntoViewIfNeeded();
			await docsScreenshot(alice.page, 'transcripts-settings');
			await audit(alice.page, 'transcripts-settings', findings);
			await ui(alice.page).closeSettings.click();
		});

		await test.step('both sides see "Transcribing…", then the words', async () => {
			await attach(alice.page, [{ name: 'memo.wav', mimeType: 'audio/wav', buffer: short }]);
			await sendTray(alice.page);
			const atAlice = fileBubble(alice.page, 'memo.wav');
			const atBob = fileBubble(bob.page, 'memo.wav');
			await expect(transcript(atAlice)).toContainText('Transcribing…');
			await expect(transcript(atBob)).toContainText('Transcribing…', { timeout: 60_000 });
			await expect(transcript(atAlice)).toContainText(/blue umbrella to the station/i, { timeout: TRANSCRIBED_MS });
			await expect(transcript(atBob)).toContainText(/blue umbrella to the station/i, { timeout: TRANSCRIBED_MS });
			await screenshot(bob.page, 'transcripts-01-received');
			await audit(bob.page, 'transcripts-thread', findings);
		});

		await test.step('Bob’s search finds a word of the transcript, and a number said as a word by its digit', async () => {
			const box = bob.page.getByRole('searchbox', { name: 'Search messages' });
			const results = bob.page.getByRole('region', { name: 'Search results' });
			await box.fill('umbrella');
			const hit = results.getByRole('button', { name: /umbrella/ });
			await expect(hit).toHaveCount(1);
			await expect(hit.locator('mark')).toHaveText(['umbrella']);
			await box.fill('station 5');
			await expect(results.getByRole('button', { name: /station/ })).toHaveCount(1);
			await box.fill('umbrella');
			await hit.click();
			await expect(threadHeading(bob.page, 'Alice')).toBeVisible();
			const words = transcript(fileBubble(bob.page, 'memo.wav'));
			await expect(words).toBeInViewport();
			await expect(words.locator('mark')).toHaveText(['umbrella']);
			await docsScreenshot(bob.page, 'transcripts-search');
			await audit(bob.page, 'transcripts-search', findings);
		});

		await test.step('offline, with the model cached, a 45-second message is transcribed in chunks', async () => {
			await alice.context.setOffline(true);
			await alice.page.reload();
			await expect(ui(alice.page).newChat).toBeVisible();
			await conversationButton(alice.page, 'Bob').click();
			await expect(threadHeading(alice.page, 'Bob')).toBeVisible();
			await attach(alice.page, [{ name: 'note.wav', mimeType: 'audio/wav', buffer: long }]);
			await sendTray(alice.page);
			const words = transcript(fileBubble(alice.page, 'note.wav'));
			await expect(words).toContainText('Transcribing…');
			// The first sentence and the last: both 30-second chunks were heard.
			await expect(words).toContainText(/garden/i, { timeout: TRANSCRIBED_MS });
			await expect(words).toContainText(/bicycle/i);
			await screenshot(alice.page, 'transcripts-02-offline-long');
			const folded = words.getByRole('button', { name: 'Show the whole transcript' });
			if (await folded.isVisible()) {
				await folded.click();
				await expect(words.getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true');
			}
			await docsScreenshot(alice.page, 'transcripts-long');
			await audit(alice.page, 'transcripts-long', findings);
			await alice.context.setOffline(false);
			await expect(transcript(fileBubble(bob.page, 'note.wav'))).toContainText(/bicycle/i, { timeout: TRANSCRIBED_MS + 60_000 });
		});

		await test.step('with the switch off, Bob is told why and turns it on from the message', async () => {
			await ui(bob.page).openSettings.click();
			const toggle = bob.page.getByRole('switch', { name: 'Transcribe voice messages on this device' });
			await toggle.click();
			await expect(toggle).toHaveAttribute('aria-checked', 'false');
			await ui(bob.page).closeSettings.click();
			await attach(alice.page, [{ name: 'reminder.wav', mimeType: 'audio/wav', buffer: short }]);
			await sendTray(alice.page);
			const words = transcript(fileBubble(bob.page, 'reminder.wav'));
			await expect(words).toContainText('Transcripts are off on this device.', { timeout: 60_000 });
			await audit(bob.page, 'transcripts-off', findings);
			await words.getByRole('button', { name: 'Turn on transcripts' }).click();
			await expect(words).toContainText(/blue umbrella/i, { timeout: TRANSCRIBED_MS });
		});

		expect(findings, report(findings)).toEqual([]);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
