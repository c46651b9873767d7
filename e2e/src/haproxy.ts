import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { waitFor } from './wait-for';

/** The HTTP processes HAProxy fronts, each one frontend and one backend. */
export const balancedServices = ['web', 'inventory', 'orders'] as const;
export type BalancedService = (typeof balancedServices)[number];

export interface BackendServer {
  /** The server's name in HAProxy (stats, logs): the instance's name. */
  name: string;
  /** host:port */
  address: string;
}

export interface HaproxyValues {
  /** `bind` argument of each frontend (`127.0.0.1:PORT`, `:3000`). */
  binds: Record<BalancedService | 'stats', string>;
  servers: Record<BalancedService, readonly BackendServer[]>;
  /** Appended to the `default-server` line (docker's resolver). */
  serverOptions?: string;
  /** Sections appended at the end (docker's `resolvers`). */
  extra?: string;
}

export const haproxyTemplatePath = fileURLToPath(
  new URL('../../deploy/haproxy/haproxy.cfg.template', import.meta.url),
);
export const composeHaproxyConfigPath = fileURLToPath(
  new URL('../../deploy/haproxy/haproxy.cfg', import.meta.url),
);

/** The template with every `{{name}}` replaced; an unknown or unused name is an error. */
export function renderHaproxyConfig(values: HaproxyValues, template = readTemplate()): string {
  const serverLines = (servers: readonly BackendServer[]) =>
    servers.map((server) => `    server ${server.name} ${server.address} check`).join('\n');
  const replacements: Record<string, string> = {
    web_bind: values.binds.web,
    inventory_bind: values.binds.inventory,
    orders_bind: values.binds.orders,
    stats_bind: values.binds.stats,
    web_servers: serverLines(values.servers.web),
    inventory_servers: serverLines(values.servers.inventory),
    orders_servers: serverLines(values.servers.orders),
    server_options: values.serverOptions ? ` ${values.serverOptions}` : '',
    extra: values.extra ? `\n${values.extra.trimEnd()}` : '',
  };
  const used = new Set<string>();
  const rendered = template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = replacements[name];
    if (value === undefined) throw new Error(`haproxy template: unknown placeholder {{${name}}}`);
    used.add(name);
    return value;
  });
  const unused = Object.keys(replacements).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`haproxy template lacks {{${unused.join('}}, {{')}}}`);
  return rendered;
}

/**
 * docker-compose.yml's HAProxy: the ports of docs/architecture.md §1, two instances of each
 * service (`web` and `web-2`, …), found through docker's DNS and followed when a container comes
 * back with another address.
 */
export function composeHaproxyValues(): HaproxyValues {
  const pair = (service: BalancedService, port: number) => [
    { name: `${service}-1`, address: `${service}:${port}` },
    { name: `${service}-2`, address: `${service}-2:${port}` },
  ];
  return {
    binds: { web: ':3000', inventory: ':8001', orders: ':8002', stats: ':8404' },
    servers: {
      web: pair('web', 3000),
      inventory: pair('inventory', 8001),
      orders: pair('orders', 8002),
    },
    serverOptions: 'resolvers docker init-addr last,libc,none',
    extra: ['resolvers docker', '    nameserver dns 127.0.0.11:53', '    hold valid 1s'].join('\n'),
  };
}

function readTemplate(): string {
  return fs.readFileSync(haproxyTemplatePath, 'utf8');
}

/** One server row of HAProxy's stats (`/stats;csv`). */
export interface ServerStats {
  backend: string;
  server: string;
  /** UP, DOWN, MAINT, `UP 1/2` while changing… */
  status: string;
  /** Answers the server gave (every status). */
  requests: number;
  /** Answers with 5xx from the server, and connection / response errors. */
  errors: number;
}

export interface Haproxy {
  urls: Record<BalancedService, string>;
  statsUrl: string;
  configFile: string;
  servers(): Promise<ServerStats[]>;
  /** Resolves once every server of every backend is UP. */
  waitUntilUp(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface HaproxyOptions {
  ports: Record<BalancedService | 'stats', number>;
  servers: Record<BalancedService, readonly BackendServer[]>;
  configFile: string;
  logFile: string;
}

const execFileAsync = promisify(execFile);
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Debian's HAProxy (`haproxy` on the PATH) as a child, configured from the template with the
 * given ports: checked with `haproxy -c` first, then run in the foreground (`-db`).
 */
export async function startHaproxy(options: HaproxyOptions): Promise<Haproxy> {
  const local = (port: number) => `127.0.0.1:${port}`;
  const config = renderHaproxyConfig({
    binds: {
      web: local(options.ports.web),
      inventory: local(options.ports.inventory),
      orders: local(options.ports.orders),
      stats: local(options.ports.stats),
    },
    servers: options.servers,
  });
  fs.writeFileSync(options.configFile, config);
  try {
    await execFileAsync('haproxy', ['-c', '-q', '-f', options.configFile]);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(
      `haproxy -c refused ${options.configFile} (is HAProxy installed? apt-get install -y haproxy): ${detail}`,
    );
  }

  const log = fs.openSync(options.logFile, 'a');
  fs.writeSync(log, `\n=== ${new Date().toISOString()} start haproxy\n`);
  const child = spawn('haproxy', ['-db', '-f', options.configFile], {
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  running.add(child);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      running.delete(child);
      resolve();
    }),
  );

  const statsUrl = `http://${local(options.ports.stats)}/stats`;
  const servers = async (): Promise<ServerStats[]> => {
    const response = await fetch(`${statsUrl};csv`, { signal: AbortSignal.timeout(2_000) });
    return parseStats(await response.text());
  };
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exit;
    clearTimeout(timer);
  };

  try {
    await waitFor(
      async () => {
        if (exited) throw new Error(`haproxy exited:\n${fs.readFileSync(options.logFile, 'utf8')}`);
        return (await servers()).length > 0;
      },
      { timeoutMs: 10_000, intervalMs: 100, message: 'HAProxy stats answering' },
    );
  } catch (error) {
    await stop();
    throw error;
  }

  const expected = balancedServices.flatMap((service) => options.servers[service]).length;
  return {
    urls: {
      web: `http://${local(options.ports.web)}`,
      inventory: `http://${local(options.ports.inventory)}`,
      orders: `http://${local(options.ports.orders)}`,
    },
    statsUrl,
    configFile: options.configFile,
    servers,
    async waitUntilUp(timeoutMs = 15_000) {
      let last: ServerStats[] = [];
      await waitFor(
        async () => {
          last = await servers();
          return last.length === expected && last.every((row) => row.status === 'UP');
        },
        { timeoutMs, intervalMs: 100, message: 'every HAProxy server UP' },
      ).catch((error: unknown) => {
        const states = last.map((row) => `${row.server} ${row.status}`).join(', ');
        throw new Error(`${error instanceof Error ? error.message : String(error)}; ${states}`);
      });
    },
    stop,
  };
}

/** Server rows of HAProxy's CSV stats (`# pxname,svname,…` header), frontends and totals left out. */
export function parseStats(csv: string): ServerStats[] {
  const [header = '', ...lines] = csv.trim().split('\n');
  const columns = header.replace(/^# /, '').split(',');
  const field = (fields: readonly string[], name: string) => fields[columns.indexOf(name)] ?? '';
  const count = (fields: readonly string[], name: string) => Number(field(fields, name) || 0);
  const answers = ['hrsp_1xx', 'hrsp_2xx', 'hrsp_3xx', 'hrsp_4xx', 'hrsp_5xx', 'hrsp_other'];
  return lines
    .map((line) => line.split(','))
    .filter((fields) => !['FRONTEND', 'BACKEND'].includes(field(fields, 'svname')))
    .filter((fields) => field(fields, 'pxname') !== 'stats')
    .map((fields) => ({
      backend: field(fields, 'pxname'),
      server: field(fields, 'svname'),
      status: field(fields, 'status'),
      requests: answers.reduce((sum, name) => sum + count(fields, name), 0),
      errors: count(fields, 'hrsp_5xx') + count(fields, 'econ') + count(fields, 'eresp'),
    }));
}
