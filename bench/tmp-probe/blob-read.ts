import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../tests/e2e/browser';
import { cpuUsed, sampleBrowserCpu } from '../process-cpu';
import { startAppServer } from '../server';

const server = await startAppServer();
const profile = await mkdtemp(join(tmpdir(), 'blobread-'));
const context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions, baseURL: server.baseURL });
const page = context.pages()[0] ?? (await context.newPage());
page.on('console', (m) => console.log('page:', m.text()));
await page.goto('/config.json');
await page.evaluate(`(async () => {
  const parts = []; const buf = new Uint8Array(16 << 20);
  for (let i = 0; i < 16; i++) { for (let j = 0; j < buf.length; j += 65536) crypto.getRandomValues(buf.subarray(j, j + 65536)); parts.push(new Blob([buf])); }
  const blob = new Blob(parts);
  const db = await new Promise((res, rej) => { const r = indexedDB.open('t', 1); r.onupgradeneeded = () => r.result.createObjectStore('s'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  await new Promise((res, rej) => { const tx = db.transaction('s', 'readwrite'); tx.objectStore('s').put(blob, 'f'); tx.oncomplete = res; tx.onerror = rej; });
  globalThis.__db = db;
})()`);
for (let round = 0; round < 1; round++) {
	for (const step of ['idb-stream']) {
		const from = sampleBrowserCpu();
		const ms = await page.evaluate(`(async () => {
		  const t = performance.now();
		  if (${JSON.stringify(step)} === 'none') { await new Promise((r) => setTimeout(r, 300)); return performance.now() - t; }
		  const blob = await new Promise((res) => { const r = globalThis.__db.transaction('s').objectStore('s').get('f'); r.onsuccess = () => res(r.result); });
		  let sum = 0;
		  const step = ${JSON.stringify(step)};
		  if (step === 'idb-stream') { const sizes = new Map(); const reader = blob.stream().getReader(); for (;;) { const { done, value } = await reader.read(); if (done) break; sum += value[0]; sizes.set(value.length, (sizes.get(value.length) ?? 0) + 1); } console.log(JSON.stringify([...sizes].sort((a,b)=>b[1]-a[1]).slice(0,6))); }
		  else { const size = step === 'idb-16MiB' ? 16 << 20 : step === 'idb-1MiB' ? 1 << 20 : 4 << 20;
		  for (let at = 0; at < blob.size; at += size) { const b = new Uint8Array(await blob.slice(at, at + size).arrayBuffer()); sum += b[0]; } }
		  return performance.now() - t;
		})()`);
		const used = cpuUsed(from, sampleBrowserCpu());
		console.log(step, Math.round(Number(ms)), 'ms wall; CPU', used?.totalMs, used?.byThread.filter(([, v]) => v >= 20).map(([k, v]) => `${k} ${v}`).join(', '));
	}
}
await context.close();
await rm(profile, { recursive: true, force: true });
await server.stop();
