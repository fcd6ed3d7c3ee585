// @ts-nocheck
// 
// 
import type { FullResult, Reporter, TestCase } from '@playwright/test/reporter';

// Ends the run with one plain "e2e: N passed, N failed, N skipped" line, the
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
		for (const test of this.tests) {
			const outcome = test.outcome();
			if (outcome === 'expected' || outcome === 'flaky') passed++;
			else if (outcome === 'skipped') skipped++;
			else failed++;
		}
		// A run that broke outside any test (server failed to start, config
		// error, timeout) must never read as "0 failed".
		if (result.status !== 'passed' && failed === 0) failed = Math.max(1, this.errors);
		console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped`);
	}

	printsToStdio(): boolean {
		return true;
	}
}
