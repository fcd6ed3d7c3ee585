// @ts-nocheck
// 
// Mutation testing of the security-critical code: `npm run mutate` (not part of `npm test`; a
// full run takes long on two cores). Narrow it for one area with
// `npm run mutate -- --mutate 'src/lib/session/**/*.ts'`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	testRunner: 'vitest',
	vitest: { configFile: 'vite.config.ts', related: true },
	checkers: [],
	coverageAnalysis: 'perTest',
	mutate: [
		'src/lib/session/**/*.ts',
		'src/lib/protocol/**/*.ts',
		'src/lib/crypto/session-cipher.ts',
		'src/lib/messenger/handlers/**/*.ts',
		'src/lib/db/inbox-queries.ts',
		'src/lib/db/outbox-queries.ts',
		'src/lib/db/edit-queries.ts'
	],
	// Copies of generated or bulky folders the unit tests never read.
	ignorePatterns: ['build', 'test-results', 'playwright-report', 'reports', 'peer-server/data', 'tests/e2e/screenshots'],
	concurrency: 2,
	timeoutMS: 20_000,
	reporters: ['clear-text', 'progress', 'html', 'json'],
	htmlReporter: { fileName: 'reports/mutation/index.html' },
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	thresholds: { high: 90, low: 75, break: null }
};
