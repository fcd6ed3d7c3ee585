// @ts-nocheck
// 
// 
// Pure: turns SvelteKit's `$service-worker` lists into workbox precache entries.

export interface PrecacheEntry {
	url: string;
	/** null: the URL itself changes when the content does (hashed file names). */
	revision: string | null;
}

export interface BuildLists {
	/** Path prefix the app is served under ('' at the root); `$service-worker`'s `base`. */
	base: string;
	/** Vite's output, all under `<base>/_app/immutable/` with content hashes in the names. */
	build: readonly string[];
	/** Everything in static/ (icons, manifest). */
	files: readonly string[];
	prerendered: readonly string[];
	/** SvelteKit's build version: changes on every build. */
	version: string;
}

/**
 * Hashed `/_app/immutable/` files need no revision; everything else is revisioned with the
 * build version so a new deploy refetches it. The adapter-static fallback page `index.html`
 * is written after the service worker is built, so it is in none of SvelteKit's lists and is
 * added here: it is the shell every navigation falls back to offline.
 */
export function precacheEntries(lists: BuildLists): PrecacheEntry[] {
	const immutable = `${lists.base}/_app/immutable/`;
	const shell = `${lists.base}/index.html`;
	const seen = new Set<string>();
	const entries: PrecacheEntry[] = [];
	const add = (url: string) => {
		if (seen.has(url)) return;
		seen.add(url);
		entries.push({ url, revision: url.startsWith(immutable) ? null : lists.version });
	};
	for (const url of [shell, ...lists.build, ...lists.files, ...lists.prerendered]) add(url);
	return entries;
}
