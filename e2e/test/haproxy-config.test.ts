import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { freePort } from '@ticketing/runtime/testing/free-port';
import { afterAll, describe, expect, it } from 'vitest';

import {
  composeHaproxyConfigPath,
  composeHaproxyValues,
  type Haproxy,
  renderHaproxyConfig,
  startHaproxy,
} from '../src/haproxy';
import { waitFor } from '../src/wait-for';

const execFileAsync = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haproxy-config-'));

describe('deploy/haproxy', () => {
  it("docker compose's haproxy.cfg is the template rendered with compose's services", () => {
    const expected = renderHaproxyConfig(composeHaproxyValues());
    // Regenerate with renderHaproxyConfig(composeHaproxyValues()) after editing the template.
    expect(fs.readFileSync(composeHaproxyConfigPath, 'utf8')).toBe(expected);
  });

  it('HAProxy accepts the compose config', async () => {
    // Outside docker the service names do not resolve: warnings, but a valid file (exit 0).
    await expect(
      execFileAsync('haproxy', ['-c', '-f', composeHaproxyConfigPath]),
    ).resolves.toBeDefined();
  });
});

/** A stand-in instance: answers which instance it is and the X-Forwarded-For it got, /readyz as told. */
async function instance(name: string) {
  const port = await freePort();
  const state = { ready: true };
  const server = http.createServer((req, res) => {
    if (req.url === '/readyz') {
      res.writeHead(state.ready ? 200 : 503).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ name, forwardedFor: req.headers['x-forwarded-for'] ?? null }));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { name, port, state, close };
}

describe('the rendered config in front of two instances', () => {
  let haproxy: Haproxy | undefined;
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await haproxy?.stop();
    await Promise.all(closers.map((close) => close()));
  });

  it('spreads requests over both, takes out one whose /readyz fails, and never loses a request to a dead one', async () => {
    const [a, b, other] = await Promise.all([instance('web'), instance('web-2'), instance('svc')]);
    closers.push(a.close, b.close, other.close);
    const server = (stub: { name: string; port: number }) => ({
      name: stub.name,
      address: `127.0.0.1:${stub.port}`,
    });
    haproxy = await startHaproxy({
      ports: {
        web: await freePort(),
        inventory: await freePort(),
        orders: await freePort(),
        stats: await freePort(),
      },
      servers: { web: [server(a), server(b)], inventory: [server(other)], orders: [server(other)] },
      configFile: path.join(dir, 'haproxy.cfg'),
      logFile: path.join(dir, 'haproxy.log'),
    });
    await haproxy.waitUntilUp();
    const web = haproxy.urls.web;
    const ask = async (count: number) => {
      const names: string[] = [];
      for (let i = 0; i < count; i += 1) {
        const response = await fetch(`${web}/`, { signal: AbortSignal.timeout(5_000) });
        expect(response.status).toBe(200);
        names.push(((await response.json()) as { name: string }).name);
      }
      return names;
    };

    expect(new Set(await ask(10))).toEqual(new Set(['web', 'web-2']));

    // The client's address reaches the instance (the web's per-address rate limit reads it).
    const direct = await fetch(`${web}/`, { signal: AbortSignal.timeout(5_000) });
    expect(((await direct.json()) as { forwardedFor: string | null }).forwardedFor).toBe(
      '127.0.0.1',
    );

    // Not ready: out after two failed checks (1 s apart), nothing sent to it meanwhile after that.
    b.state.ready = false;
    await waitFor(
      async () =>
        (await haproxy?.servers())?.find((row) => row.server === 'web-2')?.status === 'DOWN',
      { timeoutMs: 10_000, intervalMs: 100, message: 'web-2 DOWN' },
    );
    expect(new Set(await ask(10))).toEqual(new Set(['web']));
    b.state.ready = true;
    await haproxy.waitUntilUp();

    // Gone without a word: a refused connection goes to the other instance, so every request succeeds.
    await a.close();
    expect(new Set(await ask(10))).toEqual(new Set(['web-2']));
  }, 60_000);
});
