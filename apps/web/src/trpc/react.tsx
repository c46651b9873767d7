'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { type ReactNode, useState } from 'react';

import type { AppRouter } from '../server/router';

/** `useTRPC()` gives query and mutation options for TanStack Query: `useQuery(trpc.x.queryOptions())`. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 1_000, refetchOnWindowFocus: true, retry: 1 },
      // A mutation is never retried blindly: the pages decide (same Idempotency-Key) what is safe.
      mutations: { retry: false },
    },
  });
}

/**
 * One query client and one tRPC client per browser tab. `httpLink` sends each call on its own:
 * no batching, so one request never carries several mutations.
 */
export function TrpcReactProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({ links: [httpLink({ url: '/api/trpc' })] }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
