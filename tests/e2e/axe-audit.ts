import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { screenshot } from './fixtures';

// axe-core over one screen in both colour schemes; specs collect the findings of all their
// screens and assert none at the end, so one run lists every finding.

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface Finding {
	screen: string;
	rule: string;
	impact: string;
	targets: string[];
	summary: string;
}

export async function audit(page: Page, screen: string, findings: Finding[]): Promise<void> {
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
		// The theme's transitions are off under reduced motion, so colours are final at once.
		const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
		for (const violation of result.violations) {
			if (violation.impact !== 'critical' && violation.impact !== 'serious') continue;
			findings.push({
				screen: `${screen} (${scheme})`,
				rule: violation.id,
				impact: violation.impact,
				targets: violation.nodes.slice(0, 4).map((node) => node.target.join(' ')),
				summary: violation.nodes[0]?.failureSummary?.split('\n').slice(0, 3).join(' ') ?? violation.help
			});
		}
		await screenshot(page, `a11y-${screen}-${scheme}`);
	}
	await page.emulateMedia({ colorScheme: null, reducedMotion: null });
}

export function report(findings: Finding[]): string {
	return findings.map((f) => `${f.screen}: ${f.impact} ${f.rule} at ${f.targets.join(' | ')} — ${f.summary}`).join('\n');
}

