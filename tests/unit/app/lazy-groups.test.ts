import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The group screens and the group state's code load on demand (issue 9: Lighthouse's blocking
// time on a first visit, the shell chunk's size). This walks the STATIC import graph of the
// source, as the bundler sees it (`import type` and `import()` do not count), from the page a
// first visit evaluates and from the shell, and names what must not be reached.
const ROOT = resolve(__dirname, '../../..');
const SRC = join(ROOT, 'src');

const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function resolveImport(from: string, spec: string): string | null {
	let base: string;
	if (spec.startsWith('$lib/')) base = join(SRC, 'lib', spec.slice(5));
	else if (spec.startsWith('.')) base = resolve(dirname(from), spec);
	else return null; // a package
	for (const candidate of [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts')]) if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
	return null;
}

function staticImports(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	// In a component only the script counts; the template's `import()` is on demand.
	const code = file.endsWith('.svelte') ? [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n') : text;
	return [...code.matchAll(STATIC_IMPORT)].flatMap((m) => {
		const target = resolveImport(file, m[1]!);
		return target ? [target] : [];
	});
}

function reachable(start: string): Set<string> {
	const seen = new Set<string>();
	const todo = [join(SRC, start)];
	while (todo.length > 0) {
		const file = todo.pop()!;
		if (seen.has(file)) continue;
		seen.add(file);
		todo.push(...staticImports(file));
	}
	return new Set([...seen].map((file) => relative(SRC, file)));
}

const GROUP_SCREENS = /^lib\/components\/group\//;
/** The group state and storage code that only a group conversation or the messenger needs. */
const GROUP_CODE = /^lib\/(state\/group-(thread-state\.svelte|actions)|db\/group-(store|inbox|outbox|order)|group\/(admission|membership|membership-walk|op-graph))\.ts$/;

describe('group code loads on demand', () => {
	it('the first page (onboarding, splash) reaches neither group screens nor group state code', () => {
		const eager = [...reachable('routes/+page.svelte')];
		expect(eager).toContain('lib/state/app-state.svelte.ts');
		expect(eager.filter((file) => GROUP_SCREENS.test(file) || GROUP_CODE.test(file))).toEqual([]);
	});

	it('the shell reaches no group screen: each is imported when it opens', () => {
		const shell = [...reachable('lib/components/Shell.svelte')];
		expect(shell).toContain('lib/components/MessageBubble.svelte');
		expect(shell.filter((file) => GROUP_SCREENS.test(file) || GROUP_CODE.test(file))).toEqual([]);
	});
});
