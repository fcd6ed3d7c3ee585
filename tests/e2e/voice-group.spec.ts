import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { audit, report, type Finding } from './axe-audit';
import { CHROMIUM_ARGS, chromiumLaunchOptions } from './browser';
import { openApp } from './chat-steps';
import { expect, screenshot, test, type Peer } from './fixtures';
import { addContact, conversationButton, createGroup, onboard, readOwnContact, threadHeading, ui } from './parley-ui';

// Issue 13 in a group: Bob records a voice message in a group with Alice and Carol (both his
// contacts; not each other's). It is delivered to both members, and each of the three devices
// makes its own transcript with its own model. The microphone is Chromium's fake device fed
// with espeak-ng speech, as in voice.spec.ts.

const NAMES = ['Alice', 'Bob', 'Carol'] as const;
type Name = (typeof NAMES)[number];
const GROUP = 'Harbour crew';

/** A few seconds of speech then silence, 48 kHz mono 16-bit: what the fake microphone plays (in a loop). */
function speechWav(): string {
	const dir = mkdtempSync(join(tmpdir(), 'parley-voice-group-'));
	const spoken = join(dir, 'spoken.wav');
	const wav = join(dir, 'mic.wav');
	execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', spoken, 'The ferry leaves at noon. Bring the green lantern.']);
	execFileSync('sox', [spoken, '-r', '48000', '-c', '1', '-b', '16', wav, 'pad', '0.3', '1']);
	return wav;
}

test.use({ launchOptions: { ...chromiumLaunchOptions, args: [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${speechWav()}`] } });

/** Three devices each load the model and transcribe, on a loaded 2-core machine. */
const TRANSCRIBED_MS = 300_000;

function voiceBubbles(page: Page): Locator {
	return ui(page).bubbles.filter({ has: page.getByRole('slider', { name: 'Position in voice message' }) });
}

async function openGroup(page: Page): Promise<void> {
	await conversationButton(page, GROUP).click();
	await expect(threadHeading(page, GROUP)).toBeVisible();
}

test('a voice message recorded in a group reaches both members and is transcribed on every device', async ({ openPeer }) => {
	test.setTimeout(600_000);
	const peers = {} as Record<Name, Peer>;
	const findings: Finding[] = [];

	await test.step('three people onboard; Bob adds Alice and Carol and makes the group', async () => {
		for (const name of NAMES) peers[name] = await openPeer(name.toLowerCase());
		await Promise.all(NAMES.map((name) => openApp(peers[name])));
		await Promise.all(NAMES.map((name) => onboard(peers[name].page, name)));
		const links = {} as Record<Name, string>;
		for (const name of NAMES) links[name] = (await readOwnContact(peers[name].page)).link;
		for (const to of ['Alice', 'Carol'] as const) {
			await addContact(peers.Bob.page, links[to]);
			await expect(threadHeading(peers.Bob.page, to)).toBeVisible();
			await addContact(peers[to].page, links.Bob);
			await expect(threadHeading(peers[to].page, 'Bob')).toBeVisible();
		}
		await createGroup(peers.Bob.page, GROUP, ['Alice', 'Carol']);
		await expect(threadHeading(peers.Bob.page, GROUP)).toBeVisible();
		for (const name of ['Alice', 'Carol'] as const) await openGroup(peers[name].page);
	});

	await test.step('Bob records about three seconds in the group and sends it', async () => {
		const page = peers.Bob.page;
		await page.getByRole('button', { name: 'Record voice message' }).click();
		const bar = page.getByRole('group', { name: 'Voice message' });
		await expect(bar.getByRole('status')).toHaveText('Recording');
		await expect(bar.getByRole('timer')).toHaveText(/^0:0[4-9]$/, { timeout: 10_000 });
		await bar.getByRole('button', { name: 'Send voice message' }).click();
		await expect(bar).toBeHidden();
		await expect(voiceBubbles(page)).toHaveCount(1);
	});

	await test.step('Alice and Carol each receive it, can play it, and read their own device’s transcript, as Bob does', async () => {
		for (const name of NAMES) {
			const bubble = voiceBubbles(peers[name].page);
			await expect(bubble).toHaveCount(1, { timeout: 60_000 });
			await expect(bubble.getByRole('button', { name: 'Play voice message' })).toBeEnabled({ timeout: 60_000 });
			if (name !== 'Bob') await expect(bubble).toContainText('Bob');
		}
		for (const name of NAMES) {
			const words = voiceBubbles(peers[name].page).getByRole('group', { name: 'Transcript' });
			await expect(words).toContainText(/lantern/i, { timeout: TRANSCRIBED_MS });
		}
		await screenshot(peers.Carol.page, 'voice-group-transcribed');
		await audit(peers.Carol.page, 'voice-group-thread', findings);
	});

	await test.step('Carol’s search finds the spoken word in the group’s voice message', async () => {
		const page = peers.Carol.page;
		await page.getByRole('searchbox', { name: 'Search messages' }).fill('lantern');
		const hit = page.getByRole('region', { name: 'Search results' }).getByRole('button', { name: /lantern/i });
		await expect(hit.first()).toBeVisible();
		await hit.first().click();
		await expect(threadHeading(page, GROUP)).toBeVisible();
		await expect(voiceBubbles(page).getByRole('group', { name: 'Transcript' }).locator('mark').first()).toHaveText(/lantern/i);
	});

	expect(findings, report(findings)).toEqual([]);
});
