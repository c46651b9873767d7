import { randomUUID } from 'node:crypto';
import net from 'node:net';

import { createLogger } from '@ticketing/log/logger';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

import { createDeadlineQueue, NotDueError } from '../src/deadline-queue';
import { waitForJobEnd } from '../src/testing';

/** Redis logical database of this package's tests; every test keeps to a key prefix of its own. */
const REDIS_URL = 'redis://127.0.0.1:6379/7';
const logger = createLogger('jobs-test', 'silent');
const NAME = 'test-deadline';

const jobSchema = z.object({ id: z.uuid(), note: z.string().optional() });

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A deadline queue under a fresh prefix, with a raw Queue on the same keys to look inside. */
function testQueue(overrides: { redisUrl?: string; timeoutMs?: number } = {}) {
  const prefix = `jobs-test-${randomUUID().slice(0, 8)}`;
  const deadlines = createDeadlineQueue({
    name: NAME,
    jobSchema,
    jobId: (data) => data.id,
    redisUrl: overrides.redisUrl ?? REDIS_URL,
    prefix,
    logger,
    attempts: 4,
    backoff: { type: 'fixed', delay: 100 },
    timeoutMs: overrides.timeoutMs,
  });
  const inspect = new Queue(NAME, { connection: { url: REDIS_URL }, prefix });
  cleanups.push(async () => {
    await inspect.obliterate({ force: true });
    await inspect.close();
  });
  return { deadlines, inspect, prefix };
}

function scheduler(deadlines: ReturnType<typeof testQueue>['deadlines']) {
  const created = deadlines.createScheduler();
  cleanups.push(() => created.close());
  return created;
}

const inAMinute = () => new Date(Date.now() + 60_000);

/** A loopback port nobody listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe('scheduling', () => {
  it('sends concurrent schedules to Redis together, in one addBulk', async () => {
    const { deadlines, inspect } = testQueue();
    const jobs = scheduler(deadlines);
    const addBulk = vi.spyOn(Queue.prototype, 'addBulk');
    const add = vi.spyOn(Queue.prototype, 'add');

    const ids = Array.from({ length: 20 }, () => randomUUID());
    const at = inAMinute();
    expect(await Promise.all(ids.map((id) => jobs.schedule({ id }, at)))).toEqual(
      ids.map(() => true),
    );

    expect(addBulk).toHaveBeenCalledTimes(1);
    expect(addBulk.mock.calls[0]?.[0].map((job) => job.opts?.jobId)).toEqual(ids);
    expect(add).not.toHaveBeenCalled();
    expect(await inspect.getJobCounts('delayed')).toMatchObject({ delayed: 20 });
    const job = await inspect.getJob(ids[0] ?? '');
    expect(job?.data).toEqual({ id: ids[0] });
    expect(job?.opts.delay).toBeGreaterThan(58_000);
    expect(job?.opts.delay).toBeLessThanOrEqual(60_000);
  });

  it('leaves one job per job id, however often and however together it is scheduled', async () => {
    const { deadlines, inspect } = testQueue();
    const jobs = scheduler(deadlines);
    const id = randomUUID();
    const at = inAMinute();

    expect(await Promise.all([jobs.schedule({ id }, at), jobs.schedule({ id }, at)])).toEqual([
      true,
      true,
    ]);
    expect(await jobs.schedule({ id, note: 'again' }, at)).toBe(true);

    expect(await inspect.getJobCounts('delayed', 'waiting')).toMatchObject({
      delayed: 1,
      waiting: 0,
    });
    expect((await inspect.getJob(id))?.data).toEqual({ id });
  });

  it('refuses invalid data without throwing, and adds nothing', async () => {
    const { deadlines, inspect } = testQueue();
    const jobs = scheduler(deadlines);
    const addBulk = vi.spyOn(Queue.prototype, 'addBulk');

    expect(await jobs.schedule({ id: 'not-a-uuid' }, inAMinute())).toBe(false);
    expect(addBulk).not.toHaveBeenCalled();
    expect(await inspect.getJobCounts('delayed', 'waiting')).toMatchObject({
      delayed: 0,
      waiting: 0,
    });
  });

  it('never throws when Redis is unreachable, and answers within the timeout', async () => {
    const port = await closedPort();
    const { deadlines } = testQueue({ redisUrl: `redis://127.0.0.1:${port}`, timeoutMs: 300 });
    const jobs = scheduler(deadlines);

    let started = Date.now();
    const first = await Promise.all([
      jobs.schedule({ id: randomUUID() }, inAMinute()),
      jobs.schedule({ id: randomUUID() }, new Date()),
    ]);
    expect(first).toEqual([false, false]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(800);

    // Having waited once for a Redis that never came, later calls do not wait again.
    started = Date.now();
    expect(await jobs.schedule({ id: randomUUID() }, inAMinute())).toBe(false);
    expect(Date.now() - started).toBeLessThan(150);

    started = Date.now();
    await expect(jobs.ping()).rejects.toThrow(/Redis is not connected/);
    expect(Date.now() - started).toBeLessThan(800);
  });

  it('answers ping while Redis is reachable', async () => {
    const { deadlines } = testQueue();
    await expect(scheduler(deadlines).ping()).resolves.toBeUndefined();
  });
});

describe('the worker', () => {
  it('runs a job at its deadline with the validated data, retrying while it is not due', async () => {
    const { deadlines, prefix } = testQueue();
    const jobs = scheduler(deadlines);
    const runs: { data: unknown; attempt: number; at: number }[] = [];
    const worker = deadlines.startWorker({
      process: async (data, job) => {
        runs.push({ data, attempt: job.attemptsMade, at: Date.now() });
        if (runs.length === 1) throw new NotDueError('a moment early');
        return 'done';
      },
    });
    cleanups.push(() => worker.close());

    const id = randomUUID();
    const deadline = Date.now() + 500;
    expect(await jobs.schedule({ id, note: 'hello' }, new Date(deadline))).toBe(true);

    const end = await waitForJobEnd({ name: NAME, redisUrl: REDIS_URL, prefix, jobId: id });
    expect(end).toMatchObject({ event: 'completed', returnvalue: 'done' });
    expect(runs.map((run) => [run.data, run.attempt])).toEqual([
      [{ id, note: 'hello' }, 0],
      [{ id, note: 'hello' }, 1],
    ]);
    expect(runs[0]?.at).toBeGreaterThanOrEqual(deadline - 5);
    expect(end.at.getTime() - deadline).toBeLessThan(2_000);
  });

  it('fails a job with invalid data at once, without running or retrying it', async () => {
    const { deadlines, inspect, prefix } = testQueue();
    const process = vi.fn(async () => 'ran');
    const worker = deadlines.startWorker({ process });
    cleanups.push(() => worker.close());

    // Data the scheduler would refuse, written by something else (an old release, by hand).
    const bad = await inspect.add(NAME, { id: 'not-a-uuid' }, { jobId: 'bad-job', attempts: 5 });

    const end = await waitForJobEnd({ name: NAME, redisUrl: REDIS_URL, prefix, jobId: 'bad-job' });
    expect(end).toMatchObject({ event: 'failed' });
    expect(end.event === 'failed' && end.failedReason).toMatch(/invalid test-deadline job bad-job/);
    const failed = await inspect.getJob(bad.id ?? '');
    expect(await failed?.getState()).toBe('failed');
    expect(failed?.attemptsMade).toBe(1);
    expect(process).not.toHaveBeenCalled();
  });
});

describe('the sweep', () => {
  it('runs at start and every interval, never overlapping itself', async () => {
    const { deadlines } = testQueue();
    let running = 0;
    let most = 0;
    let runs = 0;
    const sweep = deadlines.startSweep({
      intervalMs: 10,
      sweep: async () => {
        running += 1;
        runs += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 40));
        running -= 1;
        // A failing sweep is logged and tried again at the next interval.
        if (runs === 2) throw new Error('database away');
      },
    });
    // Calls while one runs queue behind it (and join each other) instead of running beside it.
    await Promise.all([sweep.runNow(), sweep.runNow(), sweep.runNow()]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await sweep.stop();

    expect(most).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(4);
    expect(running).toBe(0);
    const stoppedAt = runs;
    await sweep.runNow();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(runs).toBe(stoppedAt);
  });

  it('stop waits for the sweep in progress', async () => {
    const { deadlines } = testQueue();
    let finished = false;
    const sweep = deadlines.startSweep({
      intervalMs: 60_000,
      sweep: async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        finished = true;
      },
    });
    await sweep.stop();
    expect(finished).toBe(true);
  });
});
