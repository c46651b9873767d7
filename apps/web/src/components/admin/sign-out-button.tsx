'use client';

import { LogOut } from 'lucide-react';
import { signOut } from 'next-auth/react';
import { useState } from 'react';

/** Sign out, styled for the dark admin sidebar. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      aria-busy={pending || undefined}
      className="inline-flex h-8 shrink-0 items-center gap-2 rounded-lg px-3 text-sm font-semibold text-slate-100 hover:bg-white/10 hover:text-white focus-visible:outline-white disabled:text-slate-300 lg:justify-start lg:px-2"
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: '/admin/sign-in' });
      }}
    >
      <LogOut aria-hidden="true" className="size-4" />
      {pending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
