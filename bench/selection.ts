/** Every part of `npm run bench`, in the order a full run measures them. */
export const SECTIONS = [
	'latency',
	'outbox',
	'history',
	'search',
	'hostile',
	'burst',
	'heap',
	'first-load',
	'search-ready',
	'durability',
	'group',
	'files',
	'speech',
	'anonymize',
	'dataset-export',
	'server-idle',
	'backup',
	'lighthouse'
] as const;

export type Section = (typeof SECTIONS)[number];

/**
 * The sections to run: from the command line (`npm run bench -- burst heap`) or else from
 * BENCH_ONLY (`BENCH_ONLY=burst,heap npm run bench`), comma or space separated; all when
 * neither names any. Unknown names are an error, so a typo never silently measures nothing.
 */
export function selectSections(args: readonly string[], env: string | undefined): Set<Section> {
	const fromArgs = args.flatMap((arg) => arg.split(/[\s,]+/)).filter(Boolean);
	const names = fromArgs.length > 0 ? fromArgs : (env ?? '').split(/[\s,]+/).filter(Boolean);
	if (names.length === 0) return new Set(SECTIONS);
	const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
	if (unknown.length > 0) throw new Error(`unknown bench section(s): ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
	return new Set(names as Section[]);
}
