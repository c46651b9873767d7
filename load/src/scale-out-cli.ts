import { writeSection } from '@ticketing/bench/report-section';

import { readFlags } from './flags';
import { runScaleOut } from './scale-out';
import { scaleOutReport } from './scale-out-report';

/**
 * `npm run scale-out [-- --seconds=S --clients=N --instances=N]`: every process twice behind
 * HAProxy under load (load/src/scale-out.ts); writes its section of docs/benchmarks.md and exits 1
 * unless the invariants hold and every instance did its work.
 */
const flags = readFlags({ seconds: 60, clients: 20, instances: 2 });
const result = await runScaleOut({
  instances: flags.instances,
  seconds: flags.seconds,
  clients: flags.clients,
  seats: 1_000_000,
  confirmRatio: 0.9,
  holdTtlSeconds: 30,
  minCompensations: 10,
  maxCompensations: 200,
});
const command = `npm run scale-out -- ${flags.argv.join(' ')}`.trim().replace(/ --$/, '');
const markdown = scaleOutReport(result, command);
console.log(markdown);
await writeSection('load:scale-out', markdown);
const ok =
  result.settle.settled &&
  result.seatsBack.back &&
  result.idle.length === 0 &&
  result.compensations.compensated === result.compensations.rounds &&
  result.item.committed === result.confirmedOrders;
process.exitCode = ok ? 0 : 1;
