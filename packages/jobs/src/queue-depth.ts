/** Jobs of one BullMQ queue by state, as a scrape reads them. */
export interface QueueDepth {
  queue: string;
  waiting: number;
  delayed: number;
  active: number;
}

interface CountingQueue {
  getJobCounts(...types: ('waiting' | 'delayed' | 'active')[]): Promise<Record<string, number>>;
}

const tracked = new Map<symbol, { name: string; queue: CountingQueue }>();

/**
 * Remembers a queue this process opened (a scheduler's, a worker's) so `readQueueDepths` can
 * count it; how the process runtime reports queue depth without each app registering its queues.
 * Returns the removal (call it before closing the queue).
 */
export function trackQueueDepth(name: string, queue: CountingQueue): () => void {
  const key = Symbol(name);
  tracked.set(key, { name, queue });
  return () => tracked.delete(key);
}

/**
 * The depth of every tracked queue, once per name (a process with both sides of a queue counts it
 * once); a queue whose Redis does not answer within `timeoutMs` is left out.
 */
export async function readQueueDepths(timeoutMs = 1_000): Promise<QueueDepth[]> {
  const byName = new Map<string, CountingQueue>();
  for (const { name, queue } of tracked.values()) if (!byName.has(name)) byName.set(name, queue);
  const read = async ([name, queue]: [string, CountingQueue]): Promise<QueueDepth> => {
    let timer: NodeJS.Timeout | undefined;
    const counts = await Promise.race([
      queue.getJobCounts('waiting', 'delayed', 'active'),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${name}: Redis did not answer`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    return {
      queue: name,
      waiting: counts.waiting ?? 0,
      delayed: counts.delayed ?? 0,
      active: counts.active ?? 0,
    };
  };
  const settled = await Promise.allSettled([...byName].map(read));
  return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}
