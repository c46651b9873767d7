import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { freePort } from '@ticketing/runtime/testing/free-port';

export interface ServiceProcess {
  url: string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash. */
  kill(): Promise<number | null>;
  /** The last lines the process printed, for failure messages. */
  output(): string;
}

/** A free TCP port on loopback (another process could take it before us; good enough for tests). */

const appsDir = fileURLToPath(new URL('../../..', import.meta.url));

export interface ProcessSpec {
  app: 'web' | 'inventory' | 'orders';
  /** Entry file, relative to the app. */
  entry: string;
  env: Record<string, string>;
  /** The variable that gets the free port. */
  portVariable: string;
  /** Answers 200 once the process is ready. */
  readyPath: string;
}

/**
 * Runs another service of the platform (`apps/<app>/src/main.ts`) as a child process on a free
 * port, the way production runs it, and resolves once its `/healthz` answers.
 */
export const startServiceProcess = (app: 'inventory' | 'orders', env: Record<string, string>) =>
  startProcess({ app, entry: 'src/main.ts', env, portVariable: 'PORT', readyPath: '/healthz' });

/** An entry point of an app as a child process (`node --import tsx`), configured by env alone. */
export async function startProcess(spec: ProcessSpec): Promise<ServiceProcess> {
  const { app } = spec;
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', spec.entry], {
    cwd: `${appsDir}/${app}`,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ...spec.env,
      [spec.portVariable]: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 50));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let alive = true;
  void exited.then(() => (alive = false));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!alive) throw new Error(`${app} exited before it was ready:\n${lines.join('\n')}`);
    const ok = await fetch(`${url}${spec.readyPath}`, { signal: AbortSignal.timeout(1_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${app} not ready within 60 s:\n${lines.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const signal = async (name: NodeJS.Signals) => {
    if (alive) child.kill(name);
    return exited;
  };
  return {
    url,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    output: () => lines.join('\n'),
  };
}
