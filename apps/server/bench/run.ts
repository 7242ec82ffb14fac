import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult, BenchSuite } from './bench-types';

// Runs every `*.bench.ts` suite in this folder (or those named with --only a,b) and writes
// bench/results/latest.json and latest.md at the project root.
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '').split(',') : undefined;

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '../../..');
const suiteFiles = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .sort();

const results: BenchResult[] = [];
for (const file of suiteFiles) {
  const module = (await import(pathToFileURL(join(here, file)).href)) as { default: BenchSuite };
  const suite = module.default;
  if (only && !only.includes(suite.name)) continue;
  const workDir = mkdtempSync(join(tmpdir(), `studio-bench-${suite.name}-`));
  const started = Date.now();
  console.log(`▶ ${suite.name}${quick ? ' (quick)' : ''}`);
  try {
    const suiteResults = await suite.run({ quick, workDir, log: (message) => console.log(`  ${message}`) });
    results.push(...suiteResults);
    for (const result of suiteResults)
      console.log(`  ${result.name} = ${result.value} ${result.unit}  (${result.note})`);
  } catch (error) {
    console.error(`  ✗ ${suite.name} failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

const report = {
  runAt: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  quick,
  results,
};
const outDir = join(root, 'bench/results');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
const table = [
  `Run ${report.runAt} · Node ${report.node} · ${report.cpus} × ${report.cpuModel}${quick ? ' · quick mode' : ''}`,
  '',
  '| name | value | unit | note |',
  '| --- | ---: | --- | --- |',
  ...results.map((result) => `| ${result.name} | ${result.value} | ${result.unit} | ${result.note} |`),
  '',
].join('\n');
writeFileSync(join(outDir, 'latest.md'), table);
console.log(`\nwrote bench/results/latest.json and latest.md (${results.length} figures)`);
