import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compile } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

// A bubble is created on every arrival, on the keydown → B's DOM path (issue 9, latency p50 ≤ 5
// ms). The groups UI had put its work into every bubble: a context lookup, a derived for the
// system line and one for the author, and a block around the whole bubble. A group thread's rows
// go through GroupRow.svelte now, which the list picks once per thread.
const COMPONENTS = resolve(__dirname, '../../../src/lib/components');
const compiled = (name: string) => compile(readFileSync(resolve(COMPONENTS, name), 'utf8'), { filename: name, generate: 'client' }).js.code;

describe('a direct thread pays nothing for groups per bubble', () => {
	it('the bubble neither looks up the group view nor tells system lines apart', () => {
		const code = compiled('MessageBubble.svelte');
		expect(code).not.toMatch(/groupView|isSystemRow|systemLineText/);
	});

	it('the list chooses its row component once, not per row', () => {
		const code = compiled('MessageList.svelte');
		expect(code).toMatch(/const Row = groupView\(\) \? GroupRow : MessageBubble/);
		// The row is called directly inside the each block: no per-row branch between the two.
		expect(code).toMatch(/\bRow\(\$\$anchor/);
	});
});

describe('a text bubble pays nothing for files', () => {
	it('the bubble does not import the file card: it loads on demand, only for file rows', () => {
		const code = compiled('MessageBubble.svelte');
		expect(code).not.toMatch(/FileMessage\.svelte|FileCard|file-card-view/);
		expect(code).toMatch(/message\.kind === 'file'/);
		const loader = readFileSync(resolve(COMPONENTS, 'files/file-message-loader.svelte.ts'), 'utf8');
		expect(loader).toMatch(/import\('\.\/FileMessage\.svelte'\)/);
		expect(loader).not.toMatch(/^import [^t].*FileMessage/m);
	});
});
