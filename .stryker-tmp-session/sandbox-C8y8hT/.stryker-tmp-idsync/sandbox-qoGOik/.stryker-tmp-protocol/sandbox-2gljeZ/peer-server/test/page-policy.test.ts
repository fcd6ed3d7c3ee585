// @ts-nocheck
// 
// 
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '@sveltejs/kit';
import { metaPolicy, PagePolicies } from '../src/page-policy';
import { cleanUp, makeTempDir } from './server-fixture';

afterEach(cleanUp);

describe('Content-Security-Policy (issue 8, finding 11)', () => {
	it('lets the app connect to its own origin only: no ws:/wss: to any host', async () => {
		// A plain JS module without types; what matters is the object SvelteKit reads.
		const configModule = '../../svelte.config.js';
		const { default: svelteConfig } = (await import(configModule)) as { default: Config };
		const directives = svelteConfig.kit?.csp?.directives ?? {};
		expect(directives['connect-src']).toEqual(['self']);
		expect(directives['default-src']).toEqual(['self']);
	});

	it('reads the policy from a page’s meta tag, undoing HTML escapes', () => {
		expect(metaPolicy(`<head><meta http-equiv="content-security-policy" content="default-src &#39;self&#39;; img-src data:"></head>`)).toBe(
			"default-src 'self'; img-src data:"
		);
		expect(metaPolicy('<title>no policy</title>')).toBeUndefined();
	});

	it('follows a rebuild while the server runs, and forbids framing even for a page without a policy', async () => {
		const file = path.join(await makeTempDir(), 'index.html');
		const policies = new PagePolicies();
		await writeFile(file, '<title>plain</title>');
		expect(policies.forFile(file)).toBe("frame-ancestors 'none'");
		await writeFile(file, `<meta http-equiv="content-security-policy" content="script-src 'self' 'sha256-new='">`);
		expect(policies.forFile(file)).toBe("script-src 'self' 'sha256-new='; frame-ancestors 'none'");
	});
});
