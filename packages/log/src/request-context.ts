import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** Header that carries the request id from the public request through every service call. */
export const REQUEST_ID_HEADER = 'x-request-id';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` with `requestId` as the current request id (for logs, outgoing calls, events). */
export function withRequestId<T>(requestId: string | undefined, work: () => T): T {
  return storage.run({ requestId: requestId || randomUUID() }, work);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** A usable request id from an incoming header value: kept when sane, otherwise a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : randomUUID();
}
