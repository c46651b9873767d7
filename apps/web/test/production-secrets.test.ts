import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const webDir = fileURLToPath(new URL('..', import.meta.url));

const OWN_SECRETS = {
  ADMIN_PASSWORD: 'own-admin-password',
  ADMIN_API_TOKEN: 'own-admin-api-token',
  NEXTAUTH_SECRET: 'own-nextauth-secret-0123',
  TICKET_SIGNING_SECRET: 'own-ticket-signing-secret',
};

/** Runs an entry with NODE_ENV=production and only `env`'s secrets; resolves once it exits. */
function runProduction(entry: string, env: Record<string, string>) {
  const inherited = { ...process.env };
  for (const name of Object.keys(OWN_SECRETS)) delete inherited[name];
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: webDir,
    env: {
      ...inherited,
      NODE_ENV: 'production',
      LOCAL_ENV_FILE: 'off',
      WEB_PAGES: 'false',
      LOG_LEVEL: 'silent',
      // Nothing listens here: a start that got past the secrets would fail on its database.
      DATABASE_URL_MAIN: 'postgres://postgres@127.0.0.1:1/nothing',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stderr })),
  );
}

describe('a production start', () => {
  it.each(['ADMIN_PASSWORD', 'ADMIN_API_TOKEN', 'NEXTAUTH_SECRET', 'TICKET_SIGNING_SECRET'])(
    'of the web stops with one line when %s is missing',
    async (name) => {
      const env: Record<string, string> = { ...OWN_SECRETS };
      delete env[name];
      const { code, stderr } = await runProduction('src/server/main.ts', env);
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(
        `Invalid environment variable ${name}: required in production (README, Configuration)`,
      );
    },
    30_000,
  );

  it('of the web stops when a secret is the development default', async () => {
    const { code, stderr } = await runProduction('src/server/main.ts', {
      ...OWN_SECRETS,
      NEXTAUTH_SECRET: 'dev-nextauth-secret-change-me',
    });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'Invalid environment variable NEXTAUTH_SECRET: is a development default; set a secret of its own in production',
    ]);
  }, 30_000);

  it('of the notifications consumer stops without its own TICKET_SIGNING_SECRET', async () => {
    const missing = await runProduction('src/notifications.ts', {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Invalid environment variable TICKET_SIGNING_SECRET: required/);
    const dev = await runProduction('src/notifications.ts', {
      TICKET_SIGNING_SECRET: 'dev-ticket-signing-secret',
    });
    expect(dev.code).toBe(1);
    expect(dev.stderr).toMatch(/TICKET_SIGNING_SECRET: is a development default/);
  }, 30_000);

  it('of the web gets past the secrets when each is its own (then fails on its database)', async () => {
    const { code, stderr } = await runProduction('src/server/main.ts', OWN_SECRETS);
    expect(code).toBe(1);
    expect(stderr).not.toMatch(/Invalid environment variable/);
  }, 30_000);
});
