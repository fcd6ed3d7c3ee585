// What a first visit must download as JavaScript before the app can paint: every script that
// build/index.html starts (its inline bootstrap's import() calls, <script src>) or preloads
// (<link rel="modulepreload">), plus everything those import statically, since the browser
// cannot run a module before its static imports arrive. Dynamic import() targets (libsodium,
// PeerJS, the sumo build, workers) are not counted: they load after the first paint.
// Shared by scripts/check-budget.mjs and the bench, so both count the same bytes.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const MODULEPRELOAD = /<link\b[^>]*\brel=["']?modulepreload["']?[^>]*>/gi;
const HREF = /\bhref=["']([^"']+)["']/i;
const SCRIPT_SRC = /<script\b[^>]*\bsrc=["']([^"']+)["']/gi;
const BOOTSTRAP_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi;
/** `import x from"./a.js"`, `import"./a.js"`, `export{x}from"./a.js"`: not `import(`. */
const STATIC_IMPORT = /(?:^|[^.\w$])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+\.js)["']/g;

/**
 * The page's initial scripts as build-relative paths, each with its raw, gzip and brotli size
 * in bytes (the precompressed .gz/.br beside it when the build wrote them, else compressed here
 * at the same maximum level), and the totals.
 * @param {string} buildDir
 * @param {string} [page] the HTML file, relative to buildDir
 */
export async function initialJavaScript(buildDir, page = 'index.html') {
	const html = await readFile(join(buildDir, page), 'utf8');
	const roots = new Set();
	for (const tag of html.match(MODULEPRELOAD) ?? []) {
		const href = HREF.exec(tag)?.[1];
		if (href) roots.add(href);
	}
	for (const [, src] of html.matchAll(SCRIPT_SRC)) roots.add(src);
	for (const [, body] of html.matchAll(INLINE_SCRIPT)) for (const [, url] of body.matchAll(BOOTSTRAP_IMPORT)) roots.add(url);

	const pageDir = posix.dirname(`/${page}`);
	const pending = [...roots].map((url) => toBuildPath(url, pageDir));
	const files = new Map();
	while (pending.length > 0) {
		const file = pending.pop();
		if (files.has(file)) continue;
		const path = join(buildDir, file);
		if (!existsSync(path)) throw new Error(`${page} refers to ${file}, which is not in the build`);
		const bytes = await readFile(path);
		files.set(file, await sizes(path, bytes));
		const fileDir = posix.dirname(`/${file}`);
		for (const [, url] of bytes.toString('utf8').matchAll(STATIC_IMPORT)) pending.push(toBuildPath(url, fileDir));
	}
	const list = [...files].map(([file, size]) => ({ file, ...size })).sort((a, b) => b.raw - a.raw);
	const total = { raw: 0, gzip: 0, brotli: 0 };
	for (const entry of list) for (const key of Object.keys(total)) total[key] += entry[key];
	return { files: list, total };
}

/** A URL from the page or a module (absolute, or relative to `fromDir`) as a path in the build. */
function toBuildPath(url, fromDir) {
	const pathname = new URL(url, `http://build${fromDir.endsWith('/') ? fromDir : `${fromDir}/`}`).pathname;
	return relative('/', decodeURIComponent(pathname)).split('\\').join('/');
}

async function sizes(path, bytes) {
	const gz = `${path}.gz`;
	const br = `${path}.br`;
	return {
		raw: bytes.length,
		gzip: existsSync(gz) ? (await readFile(gz)).length : gzipSync(bytes, { level: 9 }).length,
		brotli: existsSync(br) ? (await readFile(br)).length : brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
	};
}
