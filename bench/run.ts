/**
 * `npm run bench`: measures the running system end to end. Starts its own stack (see
 * bench.stack.ts), runs the scenarios in order — each one leaves the queues the way the next one
 * needs them — prints a table, writes bench/results/<timestamp>.json, and takes the stack down
 * again (database dropped) on success, failure or Ctrl-C.
 */
import { BenchUser } from './bench.api';
import { parseBenchArgs, usage, type BenchOptions } from './bench.options';
import { currentCommit, formatTable, writeResults, type BenchResults } from './bench.report';
import { benchMain } from './bench.runner';
import type { BenchStack } from './bench.stack';
import type { Measurement } from './bench.stats';
import { decisionScenario } from './scenarios/decision.scenario';
import { endToEndScenario } from './scenarios/end-to-end.scenario';
import { filingScenario } from './scenarios/filing.scenario';
import { queueReadScenario } from './scenarios/queue-read.scenario';
import { DEPARTMENTS, type BenchContext, type Department } from './scenarios/scenario.context';

const log = (line: string): void => void process.stdout.write(`[bench] ${line}\n`);

const METHOD =
  'Latencies in milliseconds, measured by the bench process from sending a request to having read the whole ' +
  'answer; percentiles are nearest-rank over all samples of one run. Throughput is operations completed ' +
  'divided by the wall time of the phase that did them.';

async function runScenarios(stack: BenchStack, options: BenchOptions, signal: AbortSignal): Promise<Measurement[]> {
  const login = (username: string): Promise<BenchUser> => BenchUser.login(stack.baseUrl, username, signal);
  const staffEntries = await Promise.all(
    DEPARTMENTS.map(async (d): Promise<[Department, BenchUser]> => [d, await login(`staff.${d}`)]),
  );
  const context: BenchContext = {
    options,
    signal,
    log,
    applicants: await Promise.all(['applicant1', 'applicant2'].map(login)),
    staff: Object.fromEntries(staffEntries) as Record<Department, BenchUser>,
  };

  log('Scenario 1/4: filing and time to queue');
  const filing = await filingScenario(context);
  log('Scenario 2/4: queue read latency');
  const queueRead = await queueReadScenario(context, filing.cases.length);
  log('Scenario 3/4: decision round trip');
  const decisions = await decisionScenario(context, filing.cases);
  log('Scenario 4/4: end-to-end');
  const endToEnd = await endToEndScenario(context, filing.cases.length);
  return [...filing.measurements, ...queueRead, ...decisions, ...endToEnd];
}

benchMain<BenchOptions>({
  tag: '[bench]',
  log,
  parse: parseBenchArgs,
  usage,
  async measure(stack, { options, signal, startedAt, machine }) {
    const measurements = await runScenarios(stack, options, signal);
    const results: BenchResults = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      commit: currentCommit(),
      machine,
      options,
      stack: {
        temporal: `dev server (in memory) ${stack.temporalAddress}`,
        postgres: stack.postgresServer,
        worker: 1,
        gateway: 1,
      },
      method: METHOD,
      measurements,
    };
    const file = writeResults(results);
    const { commit } = results;
    console.log(
      [
        '',
        `Results — ${results.startedAt}, commit ${commit.id}${commit.dirty ? ' (uncommitted changes)' : ''}, ` +
          `${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load average ${machine.loadAverageAtStart} at start`,
        '',
        formatTable(measurements),
        '',
        `Written to ${file}`,
        '',
      ].join('\n'),
    );
    return 0;
  },
});
