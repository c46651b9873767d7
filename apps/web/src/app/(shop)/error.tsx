'use client';

import { useRouter } from 'next/navigation';
import { startTransition } from 'react';

import { ErrorContent } from '../../components/storefront/error-content';

/** Any failure while rendering a shop page: the header and footer stay, the page says what to do. */
export default function ShopError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const router = useRouter();
  return (
    <ErrorContent
      digest={error.digest}
      // Server components render again only after a refresh; reset then clears the boundary.
      onRetry={() =>
        startTransition(() => {
          router.refresh();
          reset();
        })
      }
    />
  );
}
