import type { Metadata } from 'next';

import { NotFoundContent } from '../../components/storefront/not-found-content';

export const metadata: Metadata = { title: 'Page not found' };

/** An unknown or malformed event id (and any other `notFound()` of the shop), inside its chrome. */
export default function ShopNotFound() {
  return <NotFoundContent />;
}
