// Mutation testing of the pure core and the delivery path: `npm run mutate` (not part of
// `npm test`; a full run takes hours on two cores) ends with scripts/mutation-score.mjs printing
// the score per file and in total. Run it an area at a time instead:
// `npx stryker run --mutate 'src/lib/session/**/*.ts' && node scripts/mutation-score.mjs`
// (MUTATION_TESTS=<globs> narrows the tests, see vitest.mutation.config.mjs). Incremental
// results carry over, so the report after the last area covers every area run so far.
// STRYKER_AREA=<name> keeps an area's incremental and JSON report in files of their own
// (reports/mutation/areas/<name>.*), so areas can run one after another or side by side without
// overwriting each other; scripts/mutation-score.mjs merges every area report it finds.
const area = process.env.STRYKER_AREA;
const reportBase = area ? `reports/mutation/areas/${area}` : 'reports/mutation/mutation';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	testRunner: 'vitest',
	vitest: { configFile: 'vitest.mutation.config.mjs', related: true },
	checkers: [],
	coverageAnalysis: 'perTest',
	mutate: [
		// The pure core: what travels on the wire and how a session is proven and sealed.
		'src/lib/session/**/*.ts',
		'src/lib/protocol/**/*.ts',
		'src/lib/crypto/session-cipher.ts',
		'src/lib/ids/**/*.ts',
		'src/lib/sync/**/*.ts',
		'src/lib/files/**/*.ts',
		'src/lib/crypto/file-cipher.ts',
		// The file sender: reading our own file and serving it chunk by chunk.
		'src/lib/messenger/files/blob-reader.ts',
		'src/lib/messenger/files/file-serve.ts',
		// The delivery path: what is stored, acked, resent and in which order.
		'src/lib/messenger/outbox.ts',
		'src/lib/messenger/inbound-queue.ts',
		'src/lib/messenger/ack-batcher.ts',
		'src/lib/messenger/connections.ts',
		'src/lib/messenger/messenger.ts',
		'src/lib/messenger/messenger-parts.ts',
		'src/lib/messenger/peer-events.ts',
		'src/lib/messenger/contact-book.ts',
		'src/lib/messenger/own-messages.ts',
		'src/lib/messenger/reach.ts',
		'src/lib/messenger/handlers/**/*.ts',
		'src/lib/db/inbox-queries.ts',
		'src/lib/db/outbox-queries.ts',
		'src/lib/db/edit-queries.ts',
		'src/lib/db/delivery-marks.ts',
		'src/lib/db/delivered-status.ts'
	],
	// Copies of generated or bulky folders the unit tests never read.
	ignorePatterns: ['build', 'test-results', 'playwright-report', 'reports', 'peer-server/data', 'tests/e2e/screenshots'],
	// Incremental: a run re-tests only mutants whose code or covering tests changed and keeps the
	// results of files outside `--mutate`, so per-area runs add up to one report of the whole set.
	incremental: true,
	incrementalFile: area ? `${reportBase}.incremental.json` : 'reports/mutation/stryker-incremental.json',
	// One test process: the two cores are shared with other work, and two vitest workers under
	// instrumentation mostly fight each other for them.
	concurrency: 1,
	timeoutMS: 20_000,
	reporters: ['clear-text', 'progress', 'html', 'json'],
	htmlReporter: { fileName: `${reportBase}.html` },
	jsonReporter: { fileName: `${reportBase}.json` },
	thresholds: { high: 90, low: 75, break: null }
};
