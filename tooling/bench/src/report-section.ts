import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const reportPath = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));

/** One line naming the machine and how busy it was, for every section. */
export function machineLine(): string {
  const cpu = cpus();
  return (
    `Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown'}), Node ${process.version}; ` +
    `the service, PostgreSQL and the load generator share it. Run ${new Date().toISOString().slice(0, 16)}Z, ` +
    `1-minute load average at the end ${loadavg()[0]?.toFixed(1)} (other work may share the cores).`
  );
}

/**
 * Writes this benchmark's section of docs/benchmarks.md between its markers, replacing the last
 * run's, and leaves every other section as it is.
 */
export async function writeSection(name: string, markdown: string): Promise<void> {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const current = await readFile(reportPath, 'utf8').catch(() => '# Benchmarks\n');
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from !== -1 && to > from
      ? `${current.slice(0, from)}${block}${current.slice(to + end.length)}`
      : `${current.trimEnd()}\n\n${block}\n`;
  await writeFile(reportPath, next);
  console.log(`wrote section ${name} of ${reportPath}`);
}
