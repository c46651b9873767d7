import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Ticketing',
  description: 'Concerts, theatre and conferences: find an event and get your tickets.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <a className="brand" href="/">
            Ticketing
          </a>
          <a href="/admin">Admin</a>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
