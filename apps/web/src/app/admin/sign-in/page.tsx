import { Ticket } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';

import { SignInForm } from '../../../components/admin/sign-in-form';
import { Card } from '../../../components/ui/card';
import { currentAdminEmail, safeAdminPath } from '../admin-session';

export const metadata: Metadata = { title: 'Sign in to the admin' };
export const dynamic = 'force-dynamic';

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const { next } = await searchParams;
  const target = safeAdminPath(typeof next === 'string' ? next : undefined);
  if (await currentAdminEmail()) redirect(target);

  return (
    <main id="main" className="flex flex-1 items-center justify-center bg-slate-100 px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-lg font-bold text-slate-900">
          <Ticket aria-hidden="true" className="size-7 text-brand-600" />
          Ticketing admin
        </div>
        <Card className="p-6 sm:p-8">
          <h1 className="text-xl font-bold text-slate-900">Sign in to the admin</h1>
          <p className="mt-1 mb-6 text-sm text-slate-600">
            For organisers: manage events, orders and sales.
          </p>
          <SignInForm next={target} />
        </Card>
        <p className="mt-6 text-center text-sm text-slate-600">
          Looking for your tickets?{' '}
          <Link href="/orders" className="underline">
            Find my order
          </Link>
        </p>
      </div>
    </main>
  );
}
