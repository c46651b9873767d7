import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const runtimeDir = fileURLToPath(new URL('..', import.meta.url));
const script = fileURLToPath(
  new URL('../../../tooling/scripts/ensure-dev-secrets.mjs', import.meta.url),
);
const SECRET_NAMES = [
  'ADMIN_PASSWORD',
  'ADMIN_API_TOKEN',
  'NEXTAUTH_SECRET',
  'TICKET_SIGNING_SECRET',
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'local-env-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const withoutSecrets = () => {
  const env = { ...process.env };
  for (const name of SECRET_NAMES) delete env[name];
  return env;
};

const ensure = (file: string) =>
  execFileSync(process.execPath, [script, file], { env: withoutSecrets(), encoding: 'utf8' });

const parse = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

/** What a process sees of FROM_FILE and SET_BOTH after loadProcessEnv, with `env` as its environment. */
const loadedIn = (env: Record<string, string>) =>
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "import('./src/env.ts').then((m) => { m.loadProcessEnv((s) => s); console.log(JSON.stringify({ fromFile: process.env.FROM_FILE ?? null, both: process.env.SET_BOTH })); })",
    ],
    { cwd: runtimeDir, env: { ...process.env, ...env }, encoding: 'utf8' },
  );

describe('ensure-dev-secrets', () => {
  it('creates the file once with random secrets, prints the admin password once, never overwrites', () => {
    const file = path.join(dir, '.env.local');
    const first = ensure(file);
    const written = readFileSync(file, 'utf8');
    const secrets = parse(written);
    expect(Object.keys(secrets).sort()).toEqual([...SECRET_NAMES].sort());
    for (const value of Object.values(secrets)) expect(value.length).toBeGreaterThanOrEqual(16);
    expect(first).toContain(`/ ${secrets.ADMIN_PASSWORD} `);
    expect(statSync(file).mode & 0o077).toBe(0);

    const second = ensure(file);
    expect(second).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(written);

    // Another run elsewhere draws other secrets.
    const other = path.join(dir, 'other.env');
    ensure(other);
    expect(parse(readFileSync(other, 'utf8')).NEXTAUTH_SECRET).not.toBe(secrets.NEXTAUTH_SECRET);
  });

  it('adds only the missing variables to an existing file', () => {
    const file = path.join(dir, '.env.local');
    writeFileSync(file, 'ADMIN_PASSWORD=mine-and-only-mine\nOTHER=1');
    const output = ensure(file);
    const secrets = parse(readFileSync(file, 'utf8'));
    expect(secrets.ADMIN_PASSWORD).toBe('mine-and-only-mine');
    expect(secrets.OTHER).toBe('1');
    expect(Object.keys(secrets)).toEqual(expect.arrayContaining(SECRET_NAMES));
    expect(output).not.toContain('Admin sign-in');
  });
});

describe('loading .env.local', () => {
  it('fills what the environment does not set, and the environment wins', () => {
    const file = path.join(dir, '.env.local');
    writeFileSync(file, 'FROM_FILE=file\nSET_BOTH=file\n');
    const loaded = loadedIn({ NODE_ENV: 'development', LOCAL_ENV_FILE: file, SET_BOTH: 'env' });
    expect(JSON.parse(loaded)).toEqual({ fromFile: 'file', both: 'env' });
  });

  it('is skipped in tests and when LOCAL_ENV_FILE is off', () => {
    const file = path.join(dir, '.env.local');
    writeFileSync(file, 'FROM_FILE=file\n');
    expect(
      JSON.parse(loadedIn({ NODE_ENV: 'test', LOCAL_ENV_FILE: file, SET_BOTH: 'env' })),
    ).toEqual({ fromFile: null, both: 'env' });
    expect(
      JSON.parse(loadedIn({ NODE_ENV: 'production', LOCAL_ENV_FILE: 'off', SET_BOTH: 'env' })),
    ).toEqual({ fromFile: null, both: 'env' });
  });
});
