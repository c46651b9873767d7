import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import { processCpuMs } from '@ticketing/bench/cpu';
import { machineLine, writeSection } from '@ticketing/bench/report-section';
import autocannon from 'autocannon';

/**
 * `npm run bench:adapters` — requests/s of the same `hold`-shaped tRPC mutation (no I/O) behind
 * each candidate adapter, 200 connections, load generator on the same machine. Chooses the
 * adapter of the inventory service; bare node:http is the ceiling. Arguments: seconds (8), and a
 * comma-separated list of variants (then docs/benchmarks.md is left alone).
 */
const variants = (
  process.argv[3] ?? 'node-http,standalone,fetch,fetch-buffered,fastify,fast-lane'
).split(',');
const seconds = Number(process.argv[2] ?? 8);
const serverPath = fileURLToPath(new URL('./adapter-server.ts', import.meta.url));

async function start(variant: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', serverPath, variant], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const match = /"port":(\d+)/.exec(chunk);
      if (match?.[1]) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`${variant} exited with ${code}`)));
  });
  return { port, pid: child.pid, stop: () => child.kill('SIGKILL') };
}

async function measure(port: number, duration: number) {
  const body = () =>
    JSON.stringify({
      hold_id: randomUUID(),
      session_id: randomUUID(),
      ticket_type_id: randomUUID(),
      quantity: 1,
      expires_at: '2030-01-01T00:00:00.000Z',
    });
  return new Promise<autocannon.Result>((resolve, reject) =>
    autocannon(
      {
        url: `http://127.0.0.1:${port}/trpc/hold`,
        method: 'POST',
        connections: 200,
        duration,
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
      },
      (error: unknown, result: autocannon.Result) => (error ? reject(error) : resolve(result)),
    ),
  );
}

const described: Record<string, string> = {
  'node-http': 'ceiling: bare node:http answering fixed JSON (no tRPC)',
  standalone: "tRPC standalone adapter (`createHTTPHandler`, the fast lane's fallback)",
  fetch:
    "tRPC fetch adapter behind node:http via tRPC's `incomingMessageToRequest` (streamed body)",
  'fetch-buffered': 'tRPC fetch adapter, body read whole, answer written at once',
  fastify: 'tRPC fastify adapter (fastify 5)',
  'fast-lane':
    "the services' HTTP front: single calls via `callTRPCProcedure`, the rest via the standalone adapter",
};
const rows: string[] = [];
for (const variant of variants) {
  const server = await start(variant);
  try {
    await measure(server.port, 2);
    const before = processCpuMs(server.pid);
    const result = await measure(server.port, seconds);
    const cpuPerRequest = ((processCpuMs(server.pid) - before) * 1000) / result['2xx'];
    const rate = result['2xx'] / seconds;
    console.log(
      `${variant.padEnd(14)} ${rate.toFixed(0).padStart(6)} req/s  ` +
        `server CPU ${cpuPerRequest.toFixed(0).padStart(4)} µs/request  ` +
        `p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  non-2xx ${result.non2xx}`,
    );
    rows.push(
      `| ${described[variant] ?? variant} | ${rate.toFixed(0)} | ${cpuPerRequest.toFixed(0)} | ` +
        `${result.latency.p50} | ${result.latency.p99} | ${result.non2xx + result.errors} |`,
    );
  } finally {
    server.stop();
  }
}

if (!process.argv[3]) {
  await writeSection(
    'inventory:trpc-adapters',
    [
      '## Inventory: tRPC HTTP adapters for the hot path (apps/inventory)',
      '',
      `Command: \`npm run bench:adapters -w @ticketing/inventory\`. ${machineLine()}`,
      '',
      'The same `hold`-shaped mutation (the real zod input and output, no I/O) behind each candidate, ' +
        `200 autocannon connections for ${seconds} s after a 2 s warm-up. "CPU µs/request" is the server ` +
        "process's own CPU time per answered request (from /proc), which other load on the machine hardly " +
        'changes, unlike req/s. tRPC 11 turns every call into WHATWG `Request`/`Response`/`AbortSignal` ' +
        'objects and streams; on Node 20 that costs several times the procedure itself, so the inventory ' +
        "answers single calls through tRPC's own `callTRPCProcedure` and error shape, and leaves " +
        "everything else to tRPC's standalone adapter (`packages/runtime/src/trpc-handler.ts`, behind the " +
        "services' HTTP front; test/trpc-handler.test.ts checks both answer byte for byte alike).",
      '',
      '| server | req/s | CPU µs/request | p50 ms | p99 ms | errors |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n'),
  );
}
