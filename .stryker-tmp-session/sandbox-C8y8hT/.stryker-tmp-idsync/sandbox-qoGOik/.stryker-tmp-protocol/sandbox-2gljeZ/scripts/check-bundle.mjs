#!/usr/bin/env node
// @ts-nocheck
// 
// 
// Fails when the production build in build/ contains the browser test hooks. They let any script
// on the page drive the messenger (send arbitrary frames, write history); they belong only in
// the test build (`npm run build:test`). Run right after `npm run build`.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const buildDir = fileURLToPath(new URL('../build/', import.meta.url));
/** Strings only the test hooks contain (the global, its flag, and two of its methods). */
const MARKERS = ['__parley', 'parley-test-hooks', 'seedHistory', 'historyTimings'];
const SCANNED = /\.(js|mjs|html|json)$/;

async function* files(dir) {
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) yield* files(path);
		else if (SCANNED.test(entry.name)) yield path;
	}
}

let scanned = 0;
const found = [];
try {
	for await (const path of files(buildDir)) {
		scanned++;
		const text = await readFile(path, 'utf8');
		for (const marker of MARKERS) if (text.includes(marker)) found.push(`${relative(buildDir, path)}: ${marker}`);
	}
} catch (error) {
	console.error(`check-bundle: cannot read build/ (${error.message}); run \`npm run build\` first.`);
	process.exit(1);
}
if (scanned === 0) {
	console.error('check-bundle: build/ holds no scripts; run `npm run build` first.');
	process.exit(1);
}
if (found.length > 0) {
	console.error('check-bundle: the production build contains test hooks:');
	for (const line of found) console.error(`  ${line}`);
	process.exit(1);
}
console.log(`check-bundle: ${scanned} files, no test hooks.`);
