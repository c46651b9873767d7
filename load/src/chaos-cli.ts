import { writeSection } from '@ticketing/bench/report-section';

import { runChaos } from './chaos';
import { chaosReport } from './chaos-report';
import { readFlags } from './flags';

/**
 * `npm run chaos [-- --duration=S --rounds=N --clients=N --down=S --broker-down=S]`: every process
 * SIGKILLed in turn under load, RabbitMQ stopped once (load/src/chaos.ts); writes its section of
 * docs/benchmarks.md and exits 1 unless everything recovered, drained and holds.
 */
const flags = readFlags({
  duration: 240,
  rounds: 3,
  clients: 5,
  down: 2,
  'broker-down': 5,
  'hold-ttl': 30,
});
const result = await runChaos({
  durationS: flags.duration,
  rounds: flags.rounds,
  clients: flags.clients,
  downS: flags.down,
  brokerDownS: flags['broker-down'],
  holdTtlSeconds: flags['hold-ttl'],
  warmupS: 5,
  tailS: 10,
  seats: 1_000_000,
  confirmRatio: 0.8,
});
const command = `npm run chaos -- ${flags.argv.join(' ')}`.trim().replace(/ --$/, '');
const markdown = chaosReport(result, command);
console.log(markdown);
await writeSection('load:chaos', markdown);
const ok =
  result.settle.settled &&
  result.seatsBack.back &&
  result.problems.length === 0 &&
  result.item.available > 0 &&
  result.item.committed === result.confirmedOrders;
process.exitCode = ok ? 0 : 1;
