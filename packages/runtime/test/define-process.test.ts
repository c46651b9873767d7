import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/process.ts', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Started {
  child: ChildProcess;
  exited: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first JSON log line whose `msg` is `msg`. */
  line: (msg: string) => Promise<Record<string, unknown>>;
}

function spawnFixture(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const line = async (msg: string) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = stdout
        .split('\n')
        .filter((text) => text.startsWith('{'))
        .map((text) => JSON.parse(text) as Record<string, unknown>)
        .find((entry) => entry.msg === msg);
      if (found) return found;
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`no "${msg}" line:\n${stdout}\n${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { child, exited, stdout: () => stdout, stderr: () => stderr, line };
}

async function healthPortOf(started: Started) {
  const line = await started.line('health listening');
  await started.line('fixture process started');
  return Number(line.health_port);
}

describe('defineProcess', () => {
  it('stops cleanly on SIGTERM and exits 0', async () => {
    const started = spawnFixture({});
    const port = await healthPortOf(started);
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({
      status: 'ok',
    });
    expect(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()).toEqual({
      status: 'ready',
      checks: { always: 'ok' },
    });
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(started.stdout()).toContain('"msg":"shutting down"');
    expect(started.stdout()).toContain('"msg":"stopped"');
    expect(await started.line('fixture process stopped, exiting')).toMatchObject({ exit_code: 0 });
  });

  it('exits 1 once the timeout passes when a step hangs, answering /healthz 503 meanwhile', async () => {
    const started = spawnFixture({ FIXTURE_STOP: 'hang', SHUTDOWN_TIMEOUT_MS: '600' });
    const port = await healthPortOf(started);
    const signalled = Date.now();
    started.child.kill('SIGTERM');
    await started.line('work stopping');
    const stopping = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(stopping.status).toBe(503);
    expect(await stopping.json()).toEqual({ status: 'stopping' });
    expect(await started.exited).toBe(1);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(600);
    expect(await started.line('shutdown timed out')).toMatchObject({ timeout_ms: 600 });
  });

  it('exits 1 when a step of the shutdown fails, after running the others', async () => {
    const started = spawnFixture({ FIXTURE_STOP: 'fail' });
    await healthPortOf(started);
    started.child.kill('SIGINT');
    expect(await started.exited).toBe(1);
    expect(await started.line('a shutdown step failed')).toMatchObject({ step: 'work' });
    expect(started.stdout()).not.toContain('"msg":"stopped"');
    expect(await started.line('fixture process exiting after a failed shutdown')).toMatchObject({
      exit_code: 1,
    });
  });

  it('names a bad variable in one line and exits 1', async () => {
    const started = spawnFixture({ SHUTDOWN_TIMEOUT_MS: 'soon' });
    expect(await started.exited).toBe(1);
    expect(started.stderr().trim()).toMatch(/^Invalid environment variable SHUTDOWN_TIMEOUT_MS: /);
    expect(started.stderr().trim().split('\n')).toHaveLength(1);
  });

  it('prints one line and exits 1 when start fails', async () => {
    const started = spawnFixture({ FIXTURE_START: 'fail' });
    expect(await started.exited).toBe(1);
    expect(started.stderr()).toBe(
      'fixture-process failed to start: the broker said no second line\n',
    );
  });
});
