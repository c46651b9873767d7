import { expect,test as base } from '@playwright/test';
import { type Storefront, storefront } from '@ticketing/e2e/api';
import { type Databases, openDatabases } from '@ticketing/e2e/databases';

import { type AxeScan, axeScanner } from './axe';
import { type Catalog, catalog } from './catalog';
import { readRunInfo,type RunInfo } from './env';
import { type MailReader, mailReader } from './mail';
import { type Screenshot, screenshotsFor } from './screenshots';

/** The running platform as a test sees it (started once per run by the global setup). */
export interface BrowserPlatform {
  urls: RunInfo['urls'];
  shortHoldTtlSeconds: number;
  /** The public REST API of the main web (another buyer, checks behind the page). */
  api: Storefront;
  /** The same API on the short-TTL web. */
  shortTtlApi: Storefront;
  /** Admin REST (Bearer token): events made per test. */
  catalog: Catalog;
  /** Plain SQL on the run's three databases. */
  db: Databases;
  mail: MailReader;
  admin: RunInfo['admin'];
  adminToken: string;
}

/** Prefix of the console line the page's `securitypolicyviolation` listener writes. */
const CSP_VIOLATION = 'csp-violation:';

export const test = base.extend<
  { saveScreenshot: Screenshot; axe: AxeScan; cspViolations: string[] },
  { platform: BrowserPlatform }
>({
  platform: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from it
    async ({}, use) => {
      const run = readRunInfo();
      const db = openDatabases(run.databases);
      await use({
        urls: run.urls,
        shortHoldTtlSeconds: run.shortHoldTtlSeconds,
        api: storefront(run.urls, run.adminToken),
        shortTtlApi: storefront({ ...run.urls, web: run.urls.shortTtlWeb }, run.adminToken),
        catalog: catalog(run.urls.web, run.adminToken, db),
        db,
        mail: mailReader(run.urls.mailSink, run.missing),
        admin: run.admin,
        adminToken: run.adminToken,
      });
      await db.close();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ platform }, use) => {
    await use(platform.urls.web);
  },
  saveScreenshot: async ({ page }, use, testInfo) => {
    await use(screenshotsFor(page, testInfo));
  },
  axe: async ({ page }, use) => {
    await use(axeScanner(page));
  },
  // The pages run under the enforced Content-Security-Policy: any violation (a blocked script,
  // style, image or connection) fails the test, in every page of the test's context.
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      await context.addInitScript((prefix) => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(
            `${prefix} ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} ` +
              `at ${event.sourceFile}:${event.lineNumber}`,
          );
        });
      }, CSP_VIOLATION);
      context.on('console', (message) => {
        const text = message.text();
        if (text.startsWith(CSP_VIOLATION) || /Content Security Policy/i.test(text)) {
          violations.push(`${message.page()?.url() ?? ''}: ${text}`);
        }
      });
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
