import { spawn } from 'node:child_process';

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Takes a flock(1) lock, the same one the team's shell commands take (`flock <file> …`), held by a
 * child whose stdin is our pipe: it lets go when we release it or when this process dies.
 */
export async function holdFileLock(file: string, mode: 'exclusive' | 'shared'): Promise<HeldLock> {
  const child = spawn(
    'flock',
    [
      mode === 'shared' ? '--shared' : '--exclusive',
      file,
      '-c',
      'echo locked; exec cat >/dev/null',
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`flock ${file} exited (${code})`)));
  });
  return {
    async release() {
      child.stdin.end();
      await exited;
    },
  };
}
