import { QueueEvents } from 'bullmq';

import { bullConnection } from './redis-connection';

/** How a job ended, as BullMQ recorded it, and when (Redis's clock). */
export type JobEnd =
  | { event: 'completed'; returnvalue: unknown; at: Date }
  | { event: 'failed'; failedReason: string; at: Date };

/**
 * Resolves with how the job `jobId` ended (completed with its return value, or failed for good),
 * from the queue's event stream: the proof that a job, not something else, did the work. The
 * stream is read from its start, so an end recorded before the call counts too.
 */
export async function waitForJobEnd(options: {
  name: string;
  redisUrl: string;
  prefix?: string;
  jobId: string;
  timeoutMs?: number;
}): Promise<JobEnd> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const events = new QueueEvents(options.name, {
    connection: bullConnection(options.redisUrl),
    prefix: options.prefix,
    lastEventId: '0-0',
  });
  events.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<JobEnd>((resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`job ${options.jobId} of ${options.name} did not end in ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
      events.on('completed', ({ jobId, returnvalue }, id) => {
        if (jobId === options.jobId) resolve({ event: 'completed', returnvalue, at: timeOf(id) });
      });
      events.on('failed', ({ jobId, failedReason }, id) => {
        if (jobId === options.jobId) resolve({ event: 'failed', failedReason, at: timeOf(id) });
      });
    });
  } finally {
    clearTimeout(timer);
    await events.close();
  }
}

/** A stream entry's id starts with the milliseconds at which Redis wrote it. */
const timeOf = (streamId: string) => new Date(Number(streamId.split('-')[0]));
