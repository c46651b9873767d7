'use client';

import { Boxes, CalendarDays, LayoutDashboard, Radio, ReceiptText, ScrollText } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';

import { classNames } from '../ui/class-names';

const links = [
  { href: '/admin', label: 'Dashboard', icon: LayoutDashboard },
  { href: '/admin/catalog', label: 'Catalog', icon: CalendarDays },
  { href: '/admin/orders', label: 'Orders', icon: ReceiptText },
  { href: '/admin/inventory', label: 'Inventory', icon: Boxes },
  { href: '/admin/event-bus', label: 'Event bus', icon: Radio },
  { href: '/admin/audit', label: 'Audit log', icon: ScrollText },
] as const;

const isCurrent = (pathname: string, href: string) =>
  href === '/admin' ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);

/**
 * The admin's sections: a column on wide screens; on a phone a tab bar (icon over label) that
 * scrolls sideways inside itself when its six tabs do not fit, never the page.
 */
export function AdminNav() {
  const pathname = usePathname();
  const currentLink = useRef<HTMLAnchorElement>(null);
  // On a phone the strip may scroll: the page's own tab is brought into view, never hidden.
  useEffect(() => {
    currentLink.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [pathname]);
  return (
    <nav aria-label="Admin" className="overflow-x-auto lg:overflow-visible">
      <ul className="grid auto-cols-[minmax(4.5rem,1fr)] grid-flow-col gap-1 px-2 pb-2 lg:flex lg:flex-col lg:px-3 lg:pb-0">
        {links.map(({ href, label, icon: Icon }) => {
          const current = isCurrent(pathname, href);
          return (
            <li key={href} className="min-w-0">
              <Link
                href={href}
                ref={current ? currentLink : undefined}
                aria-current={current ? 'page' : undefined}
                className={classNames(
                  'flex flex-col items-center gap-1 rounded-lg px-1 py-1.5 text-xs font-medium whitespace-nowrap no-underline hover:no-underline',
                  'lg:flex-row lg:gap-3 lg:px-3 lg:py-2 lg:text-sm',
                  'focus-visible:outline-white',
                  current
                    ? 'bg-white/15 text-white'
                    : 'text-slate-300 hover:bg-white/10 hover:text-white',
                )}
              >
                <Icon aria-hidden="true" className="size-5 shrink-0 lg:size-4" />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
