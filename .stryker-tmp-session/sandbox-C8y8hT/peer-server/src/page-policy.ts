// @ts-nocheck
import { readFileSync, statSync } from 'node:fs';

/** Only a response header can forbid framing; a meta-tag CSP ignores frame-ancestors. */
const HEADER_ONLY = "frame-ancestors 'none'";

const META_CSP = /<meta\s+http-equiv=["']content-security-policy["']\s+content="([^"]*)"/i;

/** The policy in a page's CSP meta tag, unescaped, or undefined if it has none. */
export function metaPolicy(html: string): string | undefined {
	const content = META_CSP.exec(html)?.[1];
	if (content === undefined) return undefined;
	return content.replace(/&(quot|#39|apos|lt|gt|amp);/g, (_, name: string) => ENTITIES[name] ?? '');
}

const ENTITIES: Readonly<Record<string, string>> = { quot: '"', '#39': "'", apos: "'", lt: '<', gt: '>', amp: '&' };

/**
 * The Content-Security-Policy header for a built HTML page: exactly its meta tag's policy, so the
 * two never disagree (a browser enforces both), plus what only a header can say. Read once per
 * file version, since a rebuild while the server runs changes the hashes.
 */
export class PagePolicies {
	readonly #cache = new Map<string, { readonly mtimeMs: number; readonly size: number; readonly policy: string }>();

	forFile(file: string): string {
		let stats;
		try {
			stats = statSync(file);
		} catch {
			return HEADER_ONLY;
		}
		const cached = this.#cache.get(file);
		if (cached && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) return cached.policy;
		const fromMeta = metaPolicy(readFileSync(file, 'utf8'));
		const policy = fromMeta === undefined ? HEADER_ONLY : `${fromMeta}; ${HEADER_ONLY}`;
		this.#cache.set(file, { mtimeMs: stats.mtimeMs, size: stats.size, policy });
		return policy;
	}
}
