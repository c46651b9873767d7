'use client';

import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { type FormEvent, useState, useSyncExternalStore } from 'react';

import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Field } from '../ui/field';

type Failure = 'credentials' | 'rate_limited' | 'network';

const failureText: Record<Failure, { title: string; body: string }> = {
  credentials: {
    title: 'Wrong e-mail or password',
    body: 'Check both and try again.',
  },
  rate_limited: {
    title: 'Too many sign-in attempts',
    body: 'Sign-in is paused for this account and address. Wait a few minutes, then try again.',
  },
  network: {
    title: 'The server could not be reached',
    body: 'Check your connection and try again.',
  },
};

/** next-auth answers a throttled attempt with 429 or an error naming the limit. */
const isRateLimited = (status: number | undefined, error: string | null | undefined) =>
  status === 429 || /rate|too.?many|429/i.test(error ?? '');

const noSubscription = () => () => {};

/** False during server rendering and hydration: the form only submits once its handler is live. */
const useHydrated = () =>
  useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [failure, setFailure] = useState<Failure | null>(null);
  const [retryMinutes, setRetryMinutes] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setFailure(null);
    try {
      const result = await signIn('credentials', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
        redirect: false,
      });
      if (result?.ok && !result.error) {
        router.replace(next);
        router.refresh();
        return;
      }
      const limited = isRateLimited(result?.status, result?.error);
      setRetryMinutes(limited ? (/in (\d+) minute/.exec(result?.error ?? '')?.[1] ?? null) : null);
      setFailure(limited ? 'rate_limited' : 'credentials');
    } catch {
      setFailure('network');
    }
    setPending(false);
  }

  return (
    // POST, so a submit before hydration never puts the password in the address bar.
    <form method="post" className="space-y-5" onSubmit={onSubmit}>
      {failure && (
        <Alert tone="error" title={failureText[failure].title}>
          {failure === 'rate_limited' && retryMinutes
            ? `Sign-in is paused for this account and address. Try again in ${retryMinutes} ${retryMinutes === '1' ? 'minute' : 'minutes'}.`
            : failureText[failure].body}
        </Alert>
      )}
      <Field label="E-mail" name="email" type="email" autoComplete="username" required />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      <Button type="submit" size="lg" className="w-full" pending={pending} disabled={!hydrated}>
        Sign in
      </Button>
    </form>
  );
}
