import { SearchX } from 'lucide-react';
import Link from 'next/link';

import { buttonClass } from '../ui/button';
import { PageProblem } from './page-problem';

export function NotFoundContent() {
  return (
    <PageProblem
      icon={SearchX}
      eyebrow="Error 404"
      title="Page not found"
      actions={
        <>
          <Link href="/" className={buttonClass('primary', 'lg')}>
            Browse events
          </Link>
          <Link href="/orders" className={buttonClass('secondary', 'lg')}>
            Find my order
          </Link>
        </>
      }
    >
      <p>
        We could not find that page. The link may be mistyped, or the event is no longer listed.
      </p>
    </PageProblem>
  );
}
