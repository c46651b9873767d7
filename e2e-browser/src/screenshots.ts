import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Page, TestInfo } from '@playwright/test';

import { suiteEnv } from './env';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const artifactsDir = path.join(repoRoot, 'e2e-browser', 'artifacts');
const docsDir = path.join(repoRoot, 'docs', 'screenshots');

/** The README's pictures of what a buyer sees. */
export type DocsScreenshot =
  | 'home'
  | 'event'
  | 'checkout'
  | 'confirmation'
  | 'admin-dashboard'
  | 'admin-catalog'
  | 'admin-order';

export type Screenshot = (name: string, options?: { docs?: DocsScreenshot }) => Promise<void>;

/**
 * Saves the page as `e2e-browser/artifacts/<test file>-<name>.png` (full page, attached to the
 * report too); with DOCS_SCREENSHOTS=1 a `docs` shot is also written to docs/screenshots/ (the
 * viewport only, so the README's images stay small).
 */
export function screenshotsFor(page: Page, testInfo: TestInfo): Screenshot {
  const prefix = path.basename(testInfo.file).replace(/\.spec\.ts$/, '');
  return async (name, { docs } = {}) => {
    fs.mkdirSync(artifactsDir, { recursive: true });
    const file = path.join(artifactsDir, `${prefix}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
    await testInfo.attach(name, { path: file, contentType: 'image/png' });
    if (docs && suiteEnv.docsScreenshots) {
      fs.mkdirSync(docsDir, { recursive: true });
      await page.screenshot({ path: path.join(docsDir, `${docs}.png`), animations: 'disabled' });
    }
  };
}
