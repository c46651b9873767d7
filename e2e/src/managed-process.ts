import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';

export interface ProcessSpec {
  name: string;
  /** Entry file (TypeScript, run through tsx), absolute. */
  entry: string;
  cwd: string;
  env: Record<string, string>;
  /** Answers 200 once the process can do its work. */
  readyUrl: string;
  /** stdout and stderr of every run are appended here. */
  logFile: string;
}

/** Children still running, so a crashing test file never leaves a process behind. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const STOP_TIMEOUT_MS = 10_000;

/**
 * One process of the platform as a child of the test: started with `node --import tsx` (so the pid
 * is the service itself and SIGKILL really kills it), considered up once `readyUrl` answers 200,
 * stoppable gracefully, killable, restartable with changed variables.
 */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private env: Record<string, string>;

  constructor(readonly spec: ProcessSpec) {
    this.env = { ...spec.env };
  }

  get name(): string {
    return this.spec.name;
  }

  /** The running process's pid (CPU accounting in benchmarks). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  isRunning(): boolean {
    return this.child !== undefined;
  }

  /** Spawns the process and resolves once it is ready; rejects with its log's tail if it dies. */
  async start(timeoutMs = 90_000): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    const log = fs.openSync(this.spec.logFile, 'a');
    fs.writeSync(log, `\n=== ${new Date().toISOString()} start ${this.name}\n`);
    // Node refuses --cpu-prof in NODE_OPTIONS, so a profiled run asks for it through the env.
    const profile = this.env.NODE_CPU_PROF_DIR
      ? ['--cpu-prof', `--cpu-prof-dir=${this.env.NODE_CPU_PROF_DIR}`]
      : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', this.spec.entry], {
      cwd: this.spec.cwd,
      env: this.env,
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    running.add(child);
    this.child = child;
    let exitCode: string | undefined;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        exitCode = signal ?? String(code);
        running.delete(child);
        if (this.child === child) this.child = undefined;
        resolve();
      });
    });

    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exitCode !== undefined) {
        throw new Error(
          `${this.name} exited (${exitCode}) before it was ready:\n${this.logTail()}`,
        );
      }
      if (await answers200(this.spec.readyUrl)) return;
      if (Date.now() > deadline) {
        throw new Error(
          `${this.name} not ready at ${this.spec.readyUrl} after ${timeoutMs} ms:\n${this.logTail()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** SIGTERM and wait for the exit (SIGKILL after 10 s). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /** A crash: SIGKILL, no chance to finish anything. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await this.exited;
  }

  /** Starts again (after stop or kill), optionally with changed variables that stick. */
  async restart(envChanges: Record<string, string> = {}): Promise<void> {
    await this.stop();
    this.env = { ...this.env, ...envChanges };
    await this.start();
  }

  /** The JSON log lines of every run so far (pino), parsed; other lines skipped. */
  logRecords(): Record<string, unknown>[] {
    let text = '';
    try {
      text = fs.readFileSync(this.spec.logFile, 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  logTail(lines = 40): string {
    try {
      return fs.readFileSync(this.spec.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
