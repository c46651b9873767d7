import { describe, expect, it } from 'vitest';

import type { RequestSample } from '../src/buyer';
import { chaosSchedule, killedProcesses } from '../src/chaos-schedule';
import { failures, summarizeFaults } from '../src/fault-windows';

const sample = (
  step: RequestSample['step'],
  status: RequestSample['status'],
  startedAt: number,
  endedAt: number,
): RequestSample => ({ step, status, startedAt, endedAt });

describe('fault windows', () => {
  it('counts what overlapped each fault, recovery by the first success that left after the kill', () => {
    const inventoryKill = {
      target: 'inventory' as const,
      round: 1,
      startedAt: 1_000,
      restartedAt: 2_000,
      readyAt: 3_000,
    };
    const samples = [
      sample('hold', 201, 100, 200), // before: outside
      sample('hold', 201, 900, 1_100), // left before the kill, answered after: in the window, not a recovery
      sample('hold', 503, 1_200, 1_210),
      sample('checkout', 201, 1_300, 1_350), // not inventory's kind of request
      sample('hold', 'network', 1_400, 2_500),
      sample('hold', 201, 3_100, 3_200), // the recovery
      sample('hold', 201, 3_300, 3_400), // after the window
      sample('confirm', 410, 5_000, 5_010), // outside and not a success
    ];
    const { faults, outside } = summarizeFaults([inventoryKill], samples);
    const [fault] = faults;
    expect(fault?.firstSuccessAt).toBe(3_200);
    expect(fault?.endedAt).toBe(3_200);
    expect(fault?.answers).toEqual({
      requests: 5,
      ok: 3,
      unavailable: 1,
      noAnswer: 1,
      other: {},
    });
    expect(outside.requests).toBe(3);
    expect(failures(outside)).toBe(1);
    expect(outside.other).toEqual({ 'confirm 410': 1 });
  });

  it('a relay or consumer is over when it caught up, whatever the requests did', () => {
    const fault = {
      target: 'webWorker' as const,
      round: 2,
      startedAt: 1_000,
      restartedAt: 1_500,
      readyAt: 2_000,
      caughtUpAt: 4_000,
    };
    const { faults } = summarizeFaults([fault], [sample('hold', 201, 1_100, 1_200)]);
    expect(faults[0]?.firstSuccessAt).toBeUndefined();
    expect(faults[0]?.endedAt).toBe(4_000);
    expect(faults[0]?.answers.ok).toBe(1);
  });

  it('the schedule kills every process of the platform in each round and stops RabbitMQ once', () => {
    const schedule = chaosSchedule(3);
    expect(schedule).toHaveLength(3 * 7 + 1);
    for (const name of killedProcesses) {
      expect(schedule.filter((fault) => fault.target === name).map((fault) => fault.round)).toEqual(
        [1, 2, 3],
      );
    }
    expect(schedule.filter((fault) => fault.target === 'rabbitmq')).toHaveLength(1);
  });
});
