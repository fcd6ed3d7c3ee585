#!/usr/bin/env node
// Fails when the JavaScript a first visit loads before the first paint (scripts/initial-js.mjs)
// grows past the budget, compressed as the server sends it. Run after `npm run build`.
// Issue 9 set the target: at most 150 KB over the wire, brotli or gzip.
import { fileURLToPath } from 'node:url';
import { initialJavaScript } from './initial-js.mjs';

const INITIAL_JS_BUDGET_BYTES = Number(process.env.INITIAL_JS_BUDGET_BYTES ?? 150 * 1024);
const buildDir = fileURLToPath(new URL('../build/', import.meta.url));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

let measured;
try {
	measured = await initialJavaScript(buildDir);
} catch (error) {
	console.error(`check-budget: cannot measure build/ (${error.message}); run \`npm run build\` first.`);
	process.exit(1);
}
const { files, total } = measured;
console.log(`check-budget: initial JavaScript, ${files.length} files: ${kb(total.raw)} raw, ${kb(total.gzip)} gzip, ${kb(total.brotli)} brotli (budget ${kb(INITIAL_JS_BUDGET_BYTES)} per encoding)`);
// Gzip is what a client without brotli gets, so both must fit.
const over = ['gzip', 'brotli'].filter((encoding) => total[encoding] > INITIAL_JS_BUDGET_BYTES);
if (over.length > 0) {
	console.error(`check-budget: over budget (${over.join(', ')}). Largest initial files:`);
	for (const file of files.slice(0, 8)) console.error(`  ${kb(file.gzip).padStart(9)} gzip  ${file.file}`);
	console.error('Load what the first screen does not need with a dynamic import().');
	process.exit(1);
}
