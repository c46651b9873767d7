import type { Metadata } from 'next';

import { SiteFooter } from '../components/site-footer';
import { SiteHeader } from '../components/site-header';
import { SkipLink } from '../components/skip-link';
import { NotFoundContent } from '../components/storefront/not-found-content';

export const metadata: Metadata = { title: 'Page not found' };

/** A URL no route knows: the shop's chrome around the message, since no group layout applies. */
export default function NotFound() {
  return (
    <>
      <SkipLink />
      <SiteHeader />
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
        <NotFoundContent />
      </main>
      <SiteFooter />
    </>
  );
}
