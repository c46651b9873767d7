import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { holdFileLock } from '@ticketing/e2e/file-lock';

/** The lock every `next build` of apps/web takes (team rule). */
export const WEB_BUILD_LOCK = '/tmp/ticketing-web-build.lock';

/** What the web build is made of: its own sources and the workspace packages Next compiles. */
function buildInputs(repoRoot: string): string[] {
  const web = path.join(repoRoot, 'apps', 'web');
  const packages = path.join(repoRoot, 'packages');
  return [
    ...[
      'src',
      'public',
      'next.config.ts',
      'postcss.config.mjs',
      'package.json',
      'tsconfig.json',
    ].map((name) => path.join(web, name)),
    ...fs.readdirSync(packages).map((name) => path.join(packages, name, 'src')),
  ];
}

function newestChange(file: string): { file: string; mtimeMs: number } | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) return { file, mtimeMs: stat.mtimeMs };
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of fs.readdirSync(file)) {
    if (entry === 'node_modules') continue;
    const candidate = newestChange(path.join(file, entry));
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest;
}

/** Why the build must be made again, or undefined when `.next/BUILD_ID` is newer than every input. */
export function staleBuildReason(repoRoot: string): string | undefined {
  const buildId = path.join(repoRoot, 'apps', 'web', '.next', 'BUILD_ID');
  let builtAt: number;
  try {
    builtAt = fs.statSync(buildId).mtimeMs;
  } catch {
    return 'no production build yet';
  }
  for (const input of buildInputs(repoRoot)) {
    const newest = newestChange(input);
    if (newest && newest.mtimeMs > builtAt) {
      return `${path.relative(repoRoot, newest.file)} changed after the last build`;
    }
  }
  return undefined;
}

/**
 * Builds the web under the team's build lock when the build is missing or older than its sources
 * (checked again once the lock is ours: someone else may just have built it).
 */
export async function ensureWebBuild(
  repoRoot: string,
  { always, logFile }: { always: boolean; logFile: string },
): Promise<string> {
  const lock = await holdFileLock(WEB_BUILD_LOCK, 'exclusive');
  try {
    const reason = always ? 'E2E_BROWSER_BUILD=always' : staleBuildReason(repoRoot);
    if (!reason) return 'production build is up to date';
    const started = Date.now();
    let failure = await runBuild(repoRoot, logFile);
    // The dev server (npm run dev) rewrites .next/dev/types, which the web's tsconfig includes:
    // a build that type-checks at that moment misses them. That race, and only it, is retried.
    if (failure?.includes('.next/dev/types/')) failure = await runBuild(repoRoot, logFile);
    if (failure) throw new Error(`next build failed; ${logFile}:\n${failure}`);
    return `built the web (${reason}) in ${Math.round((Date.now() - started) / 1000)} s`;
  } finally {
    await lock.release();
  }
}

/** One `npm run build -w @ticketing/web`; the log's tail when it fails. */
async function runBuild(repoRoot: string, logFile: string): Promise<string | undefined> {
  const log = fs.openSync(logFile, 'w');
  const child = spawn('npm', ['run', 'build', '-w', '@ticketing/web'], {
    cwd: repoRoot,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code === 0) return undefined;
  return fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
}
