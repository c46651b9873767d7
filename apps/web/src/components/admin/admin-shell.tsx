import { Ticket, UserRound } from 'lucide-react';
import Link from 'next/link';
import type { ReactNode } from 'react';

import { SkipLink } from '../skip-link';
import { AdminNav } from './admin-nav';
import { SignOutButton } from './sign-out-button';
import { SignOutEverywhereButton } from './sign-out-everywhere-button';

/**
 * The control panel's frame: a dark sidebar (brand, sections, the signed-in admin) beside the
 * page on wide screens; on a phone the same pieces stack into a top bar with a tab strip.
 */
export function AdminShell({ email, children }: { email: string; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col lg:flex-row">
      <SkipLink />
      {/* The column is as tall as the page (dark to the bottom); the header in it stays in view. */}
      <div className="bg-slate-900 lg:w-60 lg:shrink-0">
        <header className="text-white lg:sticky lg:top-0 lg:flex lg:h-screen lg:flex-col">
          <div className="flex items-center justify-between gap-3 px-4 py-3 lg:px-6 lg:py-5">
            <Link
              href="/admin"
              className="flex items-center gap-2 font-bold text-white no-underline hover:no-underline focus-visible:outline-white"
            >
              <Ticket aria-hidden="true" className="size-6 text-brand-200" />
              <span>
                Ticketing <span className="font-medium text-slate-300">admin</span>
              </span>
            </Link>
          </div>
          <div className="lg:flex-1">
            <AdminNav />
          </div>
          <div className="flex items-center justify-between gap-2 border-t border-white/10 px-4 py-2 lg:flex-col lg:items-stretch lg:px-4 lg:py-4">
            <p className="flex min-w-0 items-center gap-2 text-sm text-slate-300">
              <UserRound aria-hidden="true" className="size-4 shrink-0" />
              <span className="sr-only">Signed in as </span>
              <span className="truncate" title={email}>
                {email}
              </span>
            </p>
            <div className="flex shrink-0 items-center gap-1 lg:flex-col lg:items-stretch">
              <SignOutButton />
              <SignOutEverywhereButton />
            </div>
          </div>
        </header>
      </div>
      <main id="main" className="min-w-0 flex-1">
        <div className="mx-auto w-full max-w-7xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">{children}</div>
      </main>
    </div>
  );
}
