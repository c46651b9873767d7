import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface InventoryProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Every stdout/stderr line so far (pino JSON), for assertions and failure messages. */
  output: string[];
  /** Sends the signal and resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url));

/**
 * Starts `src/main.ts` as a real child process on an ephemeral port (tests, benchmarks) and
 * resolves once it logged the port it listens on.
 */
export function startInventoryProcess(env: Record<string, string>): Promise<InventoryProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainPath], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop('SIGKILL');
      reject(new Error(`inventory did not start:\n${output.join('\n')}`));
    }, 30_000);
    const onLine = (line: string) => {
      output.push(line);
      const port = listeningPort(line);
      if (port !== undefined) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${port}`, port, child, output, stop });
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        lines.forEach(onLine);
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`inventory exited with ${code} before listening:\n${output.join('\n')}`));
    });
  });
}

function listeningPort(line: string): number | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: unknown; port?: unknown };
    return entry.msg === 'listening' && typeof entry.port === 'number' ? entry.port : undefined;
  } catch {
    return undefined;
  }
}
