'use client';

import { RotateCcw, TriangleAlert } from 'lucide-react';

import { Button, buttonClass } from '../ui/button';
import { PageProblem } from './page-problem';

/**
 * What an error boundary shows. `digest` is the server's reference for the failure (it is in the
 * server log), never the message or the stack.
 */
export function ErrorContent({ digest, onRetry }: { digest?: string; onRetry: () => void }) {
  return (
    <PageProblem
      icon={TriangleAlert}
      eyebrow="Something went wrong"
      title="We couldn't load this page"
      actions={
        <>
          <Button size="lg" onClick={onRetry}>
            <RotateCcw aria-hidden="true" className="size-4" />
            Try again
          </Button>
          {/* A full load on purpose: the app's own state may be what failed. */}
          <a href="/" className={buttonClass('secondary', 'lg')}>
            Back to events
          </a>
        </>
      }
    >
      <p>
        It is not you: something on our side did not answer in time. Your tickets and orders are
        safe. Please try again in a moment.
      </p>
      {digest && <p className="mt-3 text-sm text-slate-500">Reference: {digest}</p>}
    </PageProblem>
  );
}
