'use client';

import { useRouter } from 'next/navigation';
import { startTransition } from 'react';

import { ErrorContent } from '../components/storefront/error-content';

/** Failures of pages outside the shop's own boundary. */
export default function RootError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const router = useRouter();
  return (
    <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
      <ErrorContent
        digest={error.digest}
        onRetry={() =>
          startTransition(() => {
            router.refresh();
            reset();
          })
        }
      />
    </main>
  );
}
