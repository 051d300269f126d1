/**
 * `npm run bench`: measures the running system end to end. Starts its own stack (see
 * bench.stack.ts), runs the scenarios in order — each one leaves the queues the way the next one
 * needs them — prints a table, writes bench/results/<timestamp>.json, and takes the stack down
 * again (database dropped) on success, failure or Ctrl-C.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfigOrExit } from '../libs/config';
import { BenchUser } from './bench.api';
import { parseBenchArgs, usage, UsageError, type BenchOptions } from './bench.options';
import { currentCommit, describeMachine, formatTable, writeResults, type BenchResults } from './bench.report';
import { StackLauncher, type BenchStack } from './bench.stack';
import type { Measurement } from './bench.stats';
import { decisionScenario } from './scenarios/decision.scenario';
import { endToEndScenario } from './scenarios/end-to-end.scenario';
import { filingScenario } from './scenarios/filing.scenario';
import { queueReadScenario } from './scenarios/queue-read.scenario';
import { DEPARTMENTS, type BenchContext, type Department } from './scenarios/scenario.context';

const log = (line: string): void => void process.stdout.write(`[bench] ${line}\n`);
const message = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  // fetch hides the reason ("fetch failed") in its cause: ECONNREFUSED and the like.
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
};

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

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    const parsed = parseBenchArgs(process.argv.slice(2));
    if (parsed.kind === 'help') {
      console.log(usage());
      return 0;
    }
    options = parsed.options;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${usage()}`);
    return 2;
  }
  const config = loadConfigOrExit();

  const abort = new AbortController();
  let interruptedBy: string | undefined;
  const stopRun = (reason: string): void => {
    if (abort.signal.aborted) return;
    log(`${reason}; stopping`);
    abort.abort(new Error(reason));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (abort.signal.aborted) return log('Already stopping, please wait…');
      interruptedBy = signal;
      stopRun(`${signal} received`);
    });
  }

  const startedAt = new Date();
  const machine = describeMachine();
  const launcher = new StackLauncher(config, log, (reason) => stopRun(reason));
  let exitCode = 0;
  try {
    log(`Options: ${JSON.stringify(options)}`);
    const stack = await launcher.start(abort.signal);
    const measurements = await runScenarios(stack, options, abort.signal);
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
  } catch (error) {
    exitCode = interruptedBy ? 130 : 1;
    // A request that failed because a process died usually fails before its exit is reported:
    // give the exit a moment, so the message names the cause rather than the symptom.
    if (!abort.signal.aborted) await sleep(500);
    const reason: unknown = abort.signal.aborted ? abort.signal.reason : error;
    console.error(`[bench] ${interruptedBy ? 'Interrupted' : 'Failed'}: ${message(reason)}`);
    if (!abort.signal.aborted && error instanceof Error && error.stack) console.error(error.stack);
  } finally {
    try {
      await launcher.stop();
      log('Stack stopped, database dropped');
    } catch (error) {
      console.error(`[bench] ${message(error)}`);
      exitCode ||= 1;
    }
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
