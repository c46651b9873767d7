import { fileURLToPath } from 'node:url';
import next from 'next';
import { devSecretsInProduction } from '../env';
import { ensureAdminUser } from './auth/admin-users';
import { createWebServer } from './http/create-web-server';
import { createOpenApiDocument } from './http/openapi-document';
import { appRouter } from './router';
import { getWebServices } from './services';
import { createRequestContext } from './trpc';

async function main() {
  const services = getWebServices();
  const { env, logger } = services;
  const weak = devSecretsInProduction(env);
  if (weak.length > 0) {
    logger.warn({ variables: weak }, 'production start with development default secrets');
  }

  // The first admin, once and idempotently (the seed does the same).
  const { created } = await ensureAdminUser(services.db, {
    email: env.ADMIN_EMAIL,
    password: env.ADMIN_PASSWORD,
  });
  if (created) logger.info({ email: env.ADMIN_EMAIL }, 'created the first admin user');

  const dev = env.NODE_ENV !== 'production';
  // WEB_PAGES=false: the API alone (end-to-end tests), no Next and no build needed.
  const nextApp = env.WEB_PAGES
    ? next({ dev, dir: fileURLToPath(new URL('../..', import.meta.url)) })
    : undefined;
  await nextApp?.prepare();

  const server = createWebServer({
    router: appRouter,
    createContext: ({ req }) => createRequestContext(services, services.auth, req),
    readiness: services.readiness,
    openApiDocument: createOpenApiDocument(appRouter),
    nextHandler: nextApp?.getRequestHandler(),
    logger,
  });
  server.listen(env.PORT, () =>
    logger.info({ port: env.PORT, dev, pages: env.WEB_PAGES }, 'web listening'),
  );

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      void Promise.allSettled([nextApp?.close(), services.close()]).then(() => process.exit(0));
    });
    server.closeIdleConnections();
    // Keep-alive clients that never go idle must not hold the process forever.
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `web failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
