import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { audit, report, type Finding } from './axe-audit';
import { CHROMIUM_ARGS, chromiumLaunchOptions } from './browser';
import { PHONE, connectAliceAndBob, openAliceAndBob, send, threadText } from './chat-steps';
import { expect, test } from './fixtures';
import { conversationButton, ui } from './parley-ui';

// Issue 13, part 1: record, send and play voice messages between two Chromium peers. The
// microphone is Chromium's fake device fed with speech made here by espeak-ng (+ sox), so the
// recording is real Opus from MediaRecorder and the waveform is of real speech.

const SCREENS = 'docs/screenshots';

/** A few seconds of speech then silence, 48 kHz mono 16-bit: what the fake microphone plays (in a loop). */
function speechWav(): string {
	const dir = mkdtempSync(join(tmpdir(), 'parley-voice-'));
	const spoken = join(dir, 'spoken.wav');
	const wav = join(dir, 'mic.wav');
	execFileSync('espeak-ng', ['-s', '150', '-w', spoken, 'The harbour opens at nine. Bring five ropes and the blue lantern.']);
	execFileSync('sox', [spoken, '-r', '48000', '-c', '1', '-b', '16', wav, 'pad', '0', '1']);
	return wav;
}

test.use({ launchOptions: { ...chromiumLaunchOptions, args: [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${speechWav()}`] } });

async function docsScreenshot(page: Page, name: string): Promise<void> {
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
		await page.screenshot({ path: `${SCREENS}/${name}-${scheme}.png` });
	}
	await page.emulateMedia({ colorScheme: null, reducedMotion: null });
}

/** A limit below every choice the settings offer, written where the settings keep it, then reloaded. */
async function putSettingAndReload(page: Page, key: string, value: number): Promise<void> {
	await page.evaluate(
		({ key, value }) =>
			new Promise<void>((resolve, reject) => {
				const request = indexedDB.open('parley');
				request.onerror = () => reject(request.error ?? new Error('open failed'));
				request.onsuccess = () => {
					const db = request.result;
					const put = db.transaction('settings', 'readwrite').objectStore('settings').put({ key, value });
					put.onsuccess = () => {
						db.close();
						resolve();
					};
					put.onerror = () => reject(put.error ?? new Error('put failed'));
				};
			}),
		{ key, value }
	);
	await page.reload();
}

function recordButton(page: Page): Locator {
	return page.getByRole('button', { name: 'Record voice message' });
}

function voiceBubbles(page: Page): Locator {
	return ui(page).bubbles.filter({ has: page.getByRole('slider', { name: 'Position in voice message' }) });
}

function audioOf(bubble: Locator) {
	return bubble.locator('audio');
}

const seconds = (value: string | null) => Number(value ?? 'NaN');
/** The model's first load and a short transcription, on a loaded 2-core machine. */
const TRANSCRIBED_MS = 180_000;

test.describe('voice messages', () => {
	test('Alice records and sends; Bob plays, seeks and speeds it up; both read its transcript, and search finds it', async ({ openPeer }) => {
		test.setTimeout(360_000);
		const { alice, bob } = await openAliceAndBob(openPeer);
		await connectAliceAndBob(alice, bob);
		const findings: Finding[] = [];

		// Click to start: the bar shows time and level; about three seconds later, Send.
		await recordButton(alice.page).click();
		const bar = alice.page.getByRole('group', { name: 'Voice message' });
		await expect(bar.getByRole('status')).toHaveText('Recording');
		await expect(recordButton(alice.page)).toHaveAttribute('aria-pressed', 'true');
		await expect(bar.getByRole('timer')).toHaveText(/^0:0[3-9]$/, { timeout: 10_000 });
		await docsScreenshot(alice.page, 'voice-recording');
		await audit(alice.page, 'voice-recording', findings);
		await bar.getByRole('button', { name: 'Send voice message' }).click();
		await expect(bar).toBeHidden();

		const sent = voiceBubbles(alice.page);
		await expect(sent).toHaveCount(1);
		await expect(sent.getByRole('button', { name: 'Play voice message' })).toBeEnabled();

		const heard = voiceBubbles(bob.page);
		await expect(heard).toHaveCount(1, { timeout: 30_000 });
		const play = heard.getByRole('button', { name: 'Play voice message' });
		await expect(play).toBeEnabled({ timeout: 30_000 });
		const slider = heard.getByRole('slider', { name: 'Position in voice message' });
		const length = seconds(await slider.getAttribute('aria-valuemax'));
		expect(length).toBeGreaterThanOrEqual(3);
		expect(length).toBeLessThanOrEqual(30);
		// The sender's waveform: bars of different heights, not a flat line.
		const heights = await heard.locator('svg rect').evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute('height'))));
		expect(heights.length).toBe(64);
		expect(new Set(heights).size).toBeGreaterThan(4);

		// Play: time advances, the played part is highlighted, and it ends.
		await play.click();
		await expect(heard.getByRole('button', { name: 'Pause voice message' })).toBeVisible();
		await expect.poll(() => audioOf(heard).evaluate((audio: HTMLAudioElement) => audio.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.5);
		await expect(heard.locator('rect.done').first()).toBeAttached();
		await docsScreenshot(bob.page, 'voice-playing');
		await expect.poll(() => audioOf(heard).evaluate((audio: HTMLAudioElement) => audio.ended), { timeout: 20_000 }).toBe(true);
		await expect(play).toBeVisible();

		// Seek with the keyboard and with a click on the waveform.
		await slider.focus();
		await slider.press('End');
		await expect(slider).toHaveAttribute('aria-valuenow', String(length));
		await slider.press('Home');
		await expect(slider).toHaveAttribute('aria-valuenow', '0');
		await slider.press('ArrowRight');
		await expect(slider).toHaveAttribute('aria-valuenow', '1');
		await expect(slider).toHaveAttribute('aria-valuetext', new RegExp(`^1 second of ${length} seconds$`));
		const box = await slider.boundingBox();
		if (!box) throw new Error('the waveform has no box');
		await bob.page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
		await expect.poll(() => audioOf(heard).evaluate((audio: HTMLAudioElement) => audio.currentTime)).toBeGreaterThan(length * 0.3);
		expect(seconds(await slider.getAttribute('aria-valuenow'))).toBeGreaterThan(0);

		// Speed: 1× → 1.5× → 2×, applied to the audio.
		await heard.getByRole('button', { name: 'Playback speed 1×' }).click();
		await heard.getByRole('button', { name: 'Playback speed 1.5×' }).click();
		await expect(heard.getByRole('button', { name: 'Playback speed 2×' })).toBeVisible();
		await heard.getByRole('button', { name: 'Play voice message' }).click();
		await expect.poll(() => audioOf(heard).evaluate((audio: HTMLAudioElement) => audio.playbackRate)).toBe(2);
		await heard.getByRole('button', { name: 'Pause voice message' }).click();

		// Each device transcribes it on its own; Bob's search finds a spoken word and opens it.
		for (const bubble of [sent, heard]) await expect(bubble.getByRole('group', { name: 'Transcript' })).toContainText(/lantern/i, { timeout: TRANSCRIBED_MS });
		const searchBox = bob.page.getByRole('searchbox', { name: 'Search messages' });
		await searchBox.fill('lantern');
		const hit = bob.page.getByRole('region', { name: 'Search results' }).getByRole('button', { name: /lantern/i });
		await expect(hit).toHaveCount(1);
		await hit.click();
		// The fake microphone plays its file in a loop: the word may be heard more than once.
		const marks = heard.getByRole('group', { name: 'Transcript' }).locator('mark');
		await expect(marks.first()).toHaveText(/lantern/i);
		for (const mark of await marks.allTextContents()) expect(mark).toMatch(/lantern/i);
		await searchBox.fill('');
		await audit(bob.page, 'voice-thread', findings);
		await docsScreenshot(bob.page, 'voice-thread');

		// Hold to talk: pressed for a second and a half, released, sent.
		await recordButton(alice.page).hover();
		await alice.page.mouse.down();
		await expect(bar.getByRole('status')).toHaveText('Recording');
		await alice.page.waitForTimeout(1_500);
		await alice.page.mouse.up();
		await expect(voiceBubbles(bob.page)).toHaveCount(2, { timeout: 30_000 });

		// The keyboard: Enter starts, Enter stops for review, Cancel drops it.
		await recordButton(alice.page).focus();
		await alice.page.keyboard.press('Enter');
		await expect(bar.getByRole('status')).toHaveText('Recording');
		await alice.page.keyboard.press('Enter');
		await expect(bar.getByRole('status')).toHaveText('Recorded');
		await expect(bar.getByRole('button', { name: 'Send voice message' })).toBeFocused();
		await bar.getByRole('button', { name: 'Cancel recording' }).click();
		await expect(bar).toBeHidden();
		await expect(voiceBubbles(alice.page)).toHaveCount(2);

		// At the length limit the recording stops and is kept, ready to send.
		await putSettingAndReload(alice.page, 'voiceMaxMs', 2_000);
		await conversationButton(alice.page, 'Bob').click();
		await recordButton(alice.page).click();
		await expect(bar.getByRole('status')).toHaveText('Stopped at the 0:02 limit', { timeout: 10_000 });
		await expect(bar.getByRole('button', { name: 'Send voice message' })).toBeFocused();
		await alice.page.setViewportSize(PHONE);
		await audit(alice.page, 'voice-recorded-phone', findings);
		await bar.getByRole('button', { name: 'Send voice message' }).click();
		await expect(voiceBubbles(bob.page)).toHaveCount(3, { timeout: 30_000 });
		const limited = voiceBubbles(bob.page).last().getByRole('slider', { name: 'Position in voice message' });
		expect(seconds(await limited.getAttribute('aria-valuemax'))).toBeLessThanOrEqual(2);
		await bob.page.setViewportSize(PHONE);
		await audit(bob.page, 'voice-thread-phone', findings);

		expect(findings, report(findings)).toEqual([]);
	});

	test('a refused microphone is explained and the composer still sends text', async ({ openPeer }) => {
		const { alice, bob } = await openAliceAndBob(openPeer);
		await connectAliceAndBob(alice, bob);
		await alice.page.evaluate(() => {
			navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
		});
		await recordButton(alice.page).click();
		await expect(alice.page.getByRole('alert')).toContainText('Microphone access was refused');
		await expect(alice.page.getByRole('group', { name: 'Voice message' })).toBeHidden();
		await send(alice.page, 'typing still works');
		await expect(threadText(bob.page, 'typing still works')).toBeVisible();
	});

	test('a voice message Bob does not accept yet shows its waveform and why; after Try again it plays', async ({ openPeer }) => {
		const { alice, bob } = await openAliceAndBob(openPeer);
		await connectAliceAndBob(alice, bob);
		await putSettingAndReload(bob.page, 'maxFileBytes', 1_000);
		await conversationButton(bob.page, 'Alice').click();
		await expect(ui(bob.page).presence).toHaveText('online', { timeout: 30_000 });

		await recordButton(alice.page).click();
		const bar = alice.page.getByRole('group', { name: 'Voice message' });
		await expect(bar.getByRole('timer')).toHaveText(/^0:0[2-9]$/, { timeout: 10_000 });
		await bar.getByRole('button', { name: 'Send voice message' }).click();

		const heard = voiceBubbles(bob.page);
		await expect(heard).toContainText('Larger than the largest file you accept', { timeout: 30_000 });
		await expect(heard.getByRole('button', { name: 'Play voice message' })).toBeDisabled();
		await expect(heard.locator('svg rect')).toHaveCount(64);
		await docsScreenshot(bob.page, 'voice-declined');

		await putSettingAndReload(bob.page, 'maxFileBytes', 100_000_000);
		await conversationButton(bob.page, 'Alice').click();
		await voiceBubbles(bob.page).getByRole('button', { name: 'Try again' }).click();
		await expect(voiceBubbles(bob.page).getByRole('button', { name: 'Play voice message' })).toBeEnabled({ timeout: 30_000 });
	});
});
