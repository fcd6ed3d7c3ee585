import { chromium } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from '../tests/e2e/browser';
import { launchFirefox } from '../tests/e2e/firefox';
import { startAppServer } from './server';

// What the design of received pieces in the Origin Private File System rests on, asked of
// Chromium (a profile on disk) and Firefox ESR: a worker's sync access handle, preallocating with
// truncate, reading the file from the page while the worker holds it open, a second handle,
// storage.estimate() counting the bytes, and the error a write past the quota gives.
//   node tests/e2e/run-isolated.mjs tsx bench/opfs-facts.ts

const WORKER = `
let handle = null;
onmessage = async ({ data: m }) => {
	const reply = {};
	try {
		const root = await navigator.storage.getDirectory();
		if (m.kind === 'open') {
			const file = await root.getFileHandle(m.name, { create: true });
			handle = await file.createSyncAccessHandle();
			handle.truncate(m.size);
			reply.size = handle.getSize();
		} else if (m.kind === 'write') {
			const bytes = new Uint8Array(m.length).fill(m.fill);
			reply.written = handle.write(bytes, { at: m.at });
		} else if (m.kind === 'second') {
			const file = await root.getFileHandle(m.name);
			try { const h = await file.createSyncAccessHandle(); h.close(); reply.second = 'opened'; } catch (e) { reply.second = e.name; }
		} else if (m.kind === 'huge') {
			const file = await root.getFileHandle('huge', { create: true });
			const h = await file.createSyncAccessHandle();
			try { h.truncate(m.size); reply.huge = 'ok ' + h.getSize(); } catch (e) { reply.huge = e.name + ': ' + e.message; }
			h.close();
			await root.removeEntry('huge');
		} else if (m.kind === 'close') {
			handle.flush(); handle.close(); handle = null;
		}
	} catch (e) { reply.error = e.name + ': ' + e.message; }
	postMessage(reply);
};`;

const PAGE = `(async () => {
	const facts = {};
	const worker = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(WORKER)}], { type: 'text/javascript' })));
	const ask = (m) => new Promise((resolve) => { worker.onmessage = ({ data }) => resolve(data); worker.postMessage(m); });
	const MB = 1024 * 1024;
	const root = await navigator.storage.getDirectory();
	const before = (await navigator.storage.estimate()).usage;
	facts.open = await ask({ kind: 'open', name: 'f', size: 32 * MB });
	facts.usageAfterTruncate32MB = (await navigator.storage.estimate()).usage - before;
	facts.write = await ask({ kind: 'write', at: 4 * MB, length: 4 * MB, fill: 7 });
	try {
		const file = await (await root.getFileHandle('f')).getFile();
		const bytes = new Uint8Array(await file.slice(4 * MB, 4 * MB + 16).arrayBuffer());
		facts.pageReadWhileOpen = 'size ' + file.size + ', byte ' + bytes[0];
		await ask({ kind: 'write', at: 8 * MB, length: MB, fill: 9 });
		try { await file.slice(0, 16).arrayBuffer(); facts.staleSnapshotRead = 'ok'; } catch (e) { facts.staleSnapshotRead = e.name; }
	} catch (e) { facts.pageReadWhileOpen = e.name + ': ' + e.message; }
	facts.second = await ask({ kind: 'second', name: 'f' });
	facts.huge = await ask({ kind: 'huge', size: 2 ** 42 });
	facts.close = await ask({ kind: 'close' });
	facts.usageAfterClose = (await navigator.storage.estimate()).usage - before;
	await root.removeEntry('f');
	facts.usageAfterRemove = (await navigator.storage.estimate()).usage - before;
	facts.quota = (await navigator.storage.estimate()).quota;
	return JSON.stringify(facts);
})()`;

const server = await startAppServer();
const profile = await mkdtemp(join(tmpdir(), 'parley-opfs-facts-'));
try {
	const context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions, baseURL: server.baseURL });
	const page = context.pages()[0] ?? (await context.newPage());
	await page.goto('/config.json');
	console.log('chromium', await page.evaluate(PAGE));
	await context.close();
	const fox = await launchFirefox('facts');
	try {
		await fox.page.goto(`${server.baseURL}/config.json`);
		console.log('firefox', await fox.page.evaluate(PAGE));
	} finally {
		await fox.close();
	}
} finally {
	await rm(profile, { recursive: true, force: true });
	await server.stop();
}
