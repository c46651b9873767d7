import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

import { holdFileLock } from '@ticketing/e2e/file-lock';
import { describe, expect, it } from 'vitest';

import {
  API,
  CEILING_API,
  CEILING_EVENT,
  CEILING_HOME,
  EVENT,
  HOME,
  runPagesBench,
} from '../src/pages-bench';
import { pagesReport } from '../src/pages-report';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The bench serves the production build: make one if there is none (under the team's build lock). */
async function ensureWebBuild() {
  if (fs.existsSync(`${repoRoot}/apps/web/.next/BUILD_ID`)) return;
  const lock = await holdFileLock('/tmp/ticketing-web-build.lock', 'exclusive');
  try {
    if (fs.existsSync(`${repoRoot}/apps/web/.next/BUILD_ID`)) return;
    const build = spawnSync('npm', ['run', 'build', '-w', '@ticketing/web'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}${build.stderr}`);
  } finally {
    await lock.release();
  }
}

// A few seconds of the real benchmark with small numbers, so `npm run bench:pages` cannot rot.
describe('pages benchmark (smoke)', () => {
  it('serves the home and event pages with the event name, next to the bare ceiling, and reports it', async () => {
    await ensureWebBuild();
    const result = await runPagesBench({ seconds: 1, connections: 5, warmupSeconds: 0, events: 2 });

    const names = result.runs.map((run) => run.name);
    expect(names).toEqual(
      expect.arrayContaining([CEILING_HOME, CEILING_EVENT, HOME, EVENT, CEILING_API, API]),
    );
    for (const run of result.runs) {
      expect(run.answers, run.name).toBeGreaterThan(0);
      expect(run.non2xx + run.mismatches + run.errors, run.name).toBe(0);
      expect(run.p50, run.name).toBeGreaterThanOrEqual(0);
      expect(run.bytes, run.name).toBeGreaterThan(500);
    }
    const page = result.runs.find((run) => run.name === HOME);
    expect(page?.cpuMicrosPerRequest).toBeGreaterThan(0);
    expect(result.ratios[HOME]).toBeGreaterThan(0);
    expect(result.ratios[EVENT]).toBeGreaterThan(0);
    expect(result.ratios[API]).toBeGreaterThan(0);

    const markdown = pagesReport(result);
    expect(markdown).toContain('npm run bench:pages');
    expect(markdown).toMatch(/Machine: \d+ cores/);
    expect(markdown).toMatch(/load average at the end \d/);
    for (const name of [CEILING_HOME, HOME, EVENT, CEILING_API, API]) {
      expect(markdown).toContain(`| ${name} |`);
    }
    expect(markdown).toMatch(/Target \(issue 11: home.*\*\*(met|not met)\*\*/);
    expect(markdown).toMatch(/Target \(issue 11: cached.*\*\*(met|not met)\*\*/);
    expect(markdown).toMatch(
      /Pages came from the page cache|page cache in front of Next was not in this run/,
    );
  }, 300_000);
});
