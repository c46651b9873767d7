import Link from 'next/link';

export function SiteFooter() {
  return (
    <footer className="no-print mt-16 border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-6 text-sm text-slate-600 sm:px-6">
        <p>Secure checkout · Seats are held for you while you pay</p>
        <nav aria-label="Footer" className="flex gap-4">
          <Link href="/orders">Find my order</Link>
          <Link href="/admin">Organisers</Link>
        </nav>
      </div>
    </footer>
  );
}
