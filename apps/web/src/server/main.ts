import { fileURLToPath } from 'node:url';

import { defineProcess } from '@ticketing/runtime/define-process';
import next from 'next';

import { loadWebEnv } from '../env';
import { ensureAdminUser } from './auth/admin-users';
import { createWebServer } from './http/create-web-server';
import { createOpenApiDocument } from './http/openapi-document';
import { createPageCache } from './http/page-cache';
import { keptPageHeaders } from './http/page-security';
import { appRouter, createCaller } from './router';
import { openWebServices } from './services';
import { createInnerContext, createRequestContext } from './trpc';

/** The web (docs/architecture.md §1): storefront and admin pages (Next), the public API. */
void defineProcess({
  name: 'web',
  env: loadWebEnv,
  start: async (context, env) => {
    const { logger } = context;
    const services = openWebServices(env, context);

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
    if (nextApp) {
      await nextApp.prepare();
      context.onStop('next', () => nextApp.close());
    }

    const server = createWebServer({
      router: appRouter,
      createContext: ({ req }) => createRequestContext(services, services.auth, req),
      readiness: services.readiness,
      openApiDocument: createOpenApiDocument(appRouter),
      nextHandler: nextApp?.getRequestHandler(),
      trustedProxyHops: env.TRUSTED_PROXY_HOPS,
      // Not in development, where an edited page would be served from the cache until the catalog changes.
      pageCache:
        nextApp && !dev
          ? createPageCache({
              versions: (scopes) => services.cache.versions(scopes),
              logger,
              keptHeaders: keptPageHeaders,
            })
          : undefined,
      logger,
      dev,
      hstsMaxAgeSeconds: env.HSTS_MAX_AGE_SECONDS,
      appUrl: env.NEXTAUTH_URL,
      eventList: {
        cache: services.cache,
        list: (page) => createCaller(createInnerContext(services)).events.list(page),
      },
    });
    logger.info({ dev, pages: env.WEB_PAGES }, 'web front');
    await context.serve(server, env.PORT);
  },
}).run();
