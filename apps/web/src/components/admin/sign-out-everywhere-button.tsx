'use client';

import { useMutation } from '@tanstack/react-query';
import { MonitorOff } from 'lucide-react';
import { signOut } from 'next-auth/react';
import { useState } from 'react';

import { useTRPC } from '../../trpc/react';
import { Alert } from '../ui/alert';
import { ConfirmDialog } from '../ui/confirm-dialog';

/** Ends every session of this admin (all browsers and devices), this one included, after asking. */
export function SignOutEverywhereButton() {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const end = useMutation(trpc.admin.account.signOutEverywhere.mutationOptions());
  const pending = end.isPending || end.isSuccess;
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      title="Sign out everywhere?"
      description={
        <p>
          Every browser and device signed in to this account is signed out, this one too. You can
          sign in again straight away.
        </p>
      }
      confirmLabel="Sign out everywhere"
      cancelLabel="Stay signed in"
      pending={pending}
      error={
        end.isError ? (
          <Alert tone="error" title="Could not sign out everywhere">
            Try again.
          </Alert>
        ) : undefined
      }
      onConfirm={() =>
        end.mutate(undefined, {
          // The other sessions are refused already; this browser's cookie goes as well.
          onSuccess: () => void signOut({ callbackUrl: '/admin/sign-in' }),
        })
      }
      trigger={
        <button
          type="button"
          className="inline-flex h-8 shrink-0 items-center gap-2 rounded-lg px-3 text-sm font-semibold text-slate-100 hover:bg-white/10 hover:text-white focus-visible:outline-white lg:justify-start lg:px-2"
        >
          <MonitorOff aria-hidden="true" className="size-4" />
          <span className="sr-only sm:not-sr-only">Sign out everywhere</span>
        </button>
      }
    />
  );
}
