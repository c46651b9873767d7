import { Ticket } from 'lucide-react';
import Link from 'next/link';

export function SiteHeader() {
  return (
    <header className="no-print border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
        <Link
          href="/"
          className="flex items-center gap-2 text-lg font-bold text-slate-900 no-underline hover:no-underline"
        >
          <Ticket aria-hidden="true" className="size-6 text-brand-600" />
          Ticketing
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1 text-sm font-medium sm:gap-4">
          <Link href="/" className="rounded-md px-2 py-1 text-slate-700 hover:text-slate-900">
            Events
          </Link>
          <Link href="/orders" className="rounded-md px-2 py-1 text-slate-700 hover:text-slate-900">
            Find my order
          </Link>
        </nav>
      </div>
    </header>
  );
}
