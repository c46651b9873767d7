import type { Metadata } from 'next';
import type { ReactNode } from 'react';

import { AdminShell } from '../../../components/admin/admin-shell';
import { currentAdminEmail } from '../admin-session';

export const metadata: Metadata = { title: { default: 'Admin', template: '%s · Admin' } };

export default async function AdminConsoleLayout({ children }: { children: ReactNode }) {
  // Each page redirects an anonymous visitor itself (to come back to that very page after
  // sign-in); the layout only frames a signed-in admin.
  const email = await currentAdminEmail();
  if (!email) return children;
  return <AdminShell email={email}>{children}</AdminShell>;
}
