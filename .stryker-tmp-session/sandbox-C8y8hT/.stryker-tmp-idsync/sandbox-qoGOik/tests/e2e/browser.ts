// @ts-nocheck
// 
import type { LaunchOptions } from '@playwright/test';

// Playwright's own browser downloads are unavailable here, so every run uses
// Debian's Chromium. Shared by playwright.config.ts and the benchmarks.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	// QUIC and the background services would try the (absent) network.
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	// Without this, ICE never offers 127.0.0.1 candidates and peers on
	// loopback cannot connect at all.
	'--allow-loopback-in-peer-connection',
	// Media permission is what un-hides host candidates (no mDNS names);
	// fake devices keep getUserMedia from needing real hardware or prompts.
	'--use-fake-ui-for-media-stream',
	'--use-fake-device-for-media-stream'
];

export const chromiumLaunchOptions: LaunchOptions = {
	executablePath: CHROMIUM_PATH,
	args: CHROMIUM_ARGS
};
