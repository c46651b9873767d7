/**
 * Coalesces concurrent calls into batches: what arrives while `inFlight` batches run waits and goes
 * together in the next one. Nothing waits on a timer: an idle batcher starts on the next turn of
 * the event loop (setImmediate runs after the poll phase, so requests read in the same turn join),
 * and batches grow with the load. The web's hold path uses it to turn N statements into one, and
 * every deadline queue (deadline-queue.ts) to turn N job adds into one `addBulk`.
 *
 * `run` answers one result per item, in order: a value, or an Error that rejects that item alone.
 * If `run` throws, the batch is split and every item is run on its own, so one bad item never
 * fails the others.
 */
export interface MicroBatcherOptions {
  /** Most items in one batch. */
  maxBatch: number;
  /** Batches running at once. */
  inFlight: number;
}

export type BatchResult<O> = O | Error;

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export type MicroBatcher<I, O> = (item: I) => Promise<O>;

export function createMicroBatcher<I, O>(
  run: (items: I[]) => Promise<BatchResult<O>[]>,
  options: MicroBatcherOptions,
): MicroBatcher<I, O> {
  const waiting: Waiting<I, O>[] = [];
  let running = 0;
  let scheduled = false;

  const settle = (batch: Waiting<I, O>[], results: BatchResult<O>[]) => {
    batch.forEach((entry, index) => {
      const result = results[index];
      if (result instanceof Error) entry.reject(result);
      else if (index < results.length) entry.resolve(result as O);
      else entry.reject(new Error('the batch answered fewer results than items'));
    });
  };

  const runBatch = async (batch: Waiting<I, O>[]) => {
    try {
      settle(batch, await run(batch.map((entry) => entry.item)));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      // Isolate the item that broke the batch: everyone else still gets an answer.
      await Promise.all(batch.map((entry) => runBatch([entry])));
    }
  };

  const launch = () => {
    scheduled = false;
    while (running < options.inFlight && waiting.length > 0) {
      const batch = waiting.splice(0, options.maxBatch);
      running += 1;
      void runBatch(batch).finally(() => {
        running -= 1;
        // What arrived meanwhile goes at once: it has already waited a whole batch.
        launch();
      });
    }
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!scheduled && running < options.inFlight) {
        scheduled = true;
        setImmediate(launch);
      }
    });
}
