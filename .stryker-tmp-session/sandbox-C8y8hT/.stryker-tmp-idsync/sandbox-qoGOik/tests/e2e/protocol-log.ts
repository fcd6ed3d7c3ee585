// @ts-nocheck
// 
import type { ConsoleMessage, Page } from '@playwright/test';
import type { RejectReason } from '../../src/lib/protocol/reject';

// The app logs every refusal as "[parley] frame rejected: <reason>" (docs/PROTOCOL.md §8).
// Waiting for one is how a test knows a refusal really happened before it asserts that
// nothing arrived; otherwise "nothing arrived" could just mean "nothing arrived yet".

/**
 * Resolves at this page's next refusal for `reason`, reloads included. Call it before the
 * action that should cause the refusal, and always await the result.
 */
export function nextRejection(page: Page, reason: RejectReason, timeout = 60_000): Promise<ConsoleMessage> {
	return page.waitForEvent('console', {
		predicate: (message) => message.text().includes(`frame rejected: ${reason}`),
		timeout
	});
}
