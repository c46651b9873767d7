import './globals.css';

import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';

import { TrpcReactProvider } from '../trpc/react';

export const metadata: Metadata = {
  title: { default: 'Ticketing', template: '%s · Ticketing' },
  description: 'Concerts, theatre and conferences: find an event and get your tickets.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

/**
 * The document and the client data layer; the storefront `(shop)` and `/admin` lay out their own chrome.
 * Every page renders per request (`connection()`): Next puts the answer's CSP nonce on its scripts
 * only when it renders (server/http/page-security.ts); a page prerendered at build time would carry
 * none, and the policy would block its scripts.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <TrpcReactProvider>{children}</TrpcReactProvider>
      </body>
    </html>
  );
}
