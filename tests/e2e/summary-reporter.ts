import type { FullResult, Reporter, TestCase } from '@playwright/test/reporter';

// Ends the run with one plain "e2e: N passed, N failed, N skipped" line (and the names of tests
// that passed only on a retry), the
// form CI reads, since the list reporter's own summary adds durations.
export default class SummaryReporter implements Reporter {
	private readonly tests: TestCase[] = [];
	private errors = 0;

	onTestBegin(test: TestCase): void {
		if (!this.tests.includes(test)) this.tests.push(test);
	}

	onError(): void {
		this.errors++;
	}

	onEnd(result: FullResult): void {
		let passed = 0;
		let failed = 0;
		let skipped = 0;
		const flaky: TestCase[] = [];
		for (const test of this.tests) {
			const outcome = test.outcome();
			if (outcome === 'flaky') flaky.push(test);
			if (outcome === 'expected' || outcome === 'flaky') passed++;
			else if (outcome === 'skipped') skipped++;
			else failed++;
		}
		// A run that broke outside any test (server failed to start, config
		// error, timeout) must never read as "0 failed".
		if (result.status !== 'passed' && failed === 0) failed = Math.max(1, this.errors);
		// A test that passed only on its retry is named, so a timing bug is not lost in a green run.
		for (const test of flaky) console.log(`e2e flaky (failed, then passed on retry): ${test.titlePath().filter(Boolean).join(' › ')}`);
		console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped${flaky.length > 0 ? `, ${flaky.length} of them flaky` : ''}`);
	}

	printsToStdio(): boolean {
		return true;
	}
}
