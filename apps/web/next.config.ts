import type { NextConfig } from 'next';

const config: NextConfig = {
  // The workspace packages are TypeScript sources, compiled by Next like the app's own files.
  transpilePackages: [
    '@ticketing/db',
    '@ticketing/env',
    '@ticketing/events',
    '@ticketing/jobs',
    '@ticketing/log',
    '@ticketing/trpc',
  ],
  serverExternalPackages: ['ioredis', 'bullmq', 'opossum'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
