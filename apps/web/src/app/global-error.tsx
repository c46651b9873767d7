'use client';

import './globals.css';

import { ErrorContent } from '../components/storefront/error-content';

/** The root layout itself failed: this replaces the whole document, so it brings its own. */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
          {/* A full reload: nothing of the failed render can be trusted. */}
          <ErrorContent digest={error.digest} onRetry={() => window.location.reload()} />
        </main>
      </body>
    </html>
  );
}
