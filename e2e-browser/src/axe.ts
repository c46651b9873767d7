import AxeBuilder from '@axe-core/playwright';
import { expect,type Page } from '@playwright/test';

/** WCAG 2.1 A and AA rules, as the issue asks. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export type AxeScan = (what: string) => Promise<void>;

/** Runs axe on the page as it is now and fails on any serious or critical violation. */
export function axeScanner(page: Page): AxeScan {
  return async (what) => {
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const blocking = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
            .slice(0, 3)
            .map(
              (node) =>
                `${node.target.join(' ')}${node.failureSummary ? ` [${node.failureSummary.replace(/\s+/g, ' ')}]` : ''}`,
            )
            .join('; ')}`,
      );
    expect(blocking, `serious or critical axe violations on ${what}`).toEqual([]);
  };
}
