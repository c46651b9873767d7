import type { FaultTarget, KilledProcess } from './fault-windows';

/** The processes of docs/architecture.md §1 that `npm run chaos` kills, in this order. */
export const killedProcesses: readonly KilledProcess[] = [
  'web',
  'webWorker',
  'inventory',
  'inventoryConsumer',
  'orders',
  'ordersWorker',
  'notifications',
];

export interface PlannedFault {
  target: FaultTarget;
  round: number;
}

/**
 * `rounds` kills of each process, one process after the other in each round, and RabbitMQ stopped
 * once, after the first round (so every consumer and relay has already recovered from one kill).
 */
export function chaosSchedule(rounds: number): PlannedFault[] {
  const planned: PlannedFault[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    for (const target of killedProcesses) planned.push({ target, round });
    if (round === 1) planned.push({ target: 'rabbitmq', round: 1 });
  }
  return planned;
}
