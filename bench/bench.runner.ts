/**
 * What every bench command does around its measures: reads its flags (usage text on --help or a
 * mistake, exit 2), starts the bench stack, stops the run on Ctrl-C / SIGTERM / SIGHUP or when a
 * process of the stack dies, and takes the stack down (database dropped) however the run ended.
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfigOrExit } from '../libs/config';
import { UsageError, type ParsedArgs } from './bench.options';
import { describeMachine } from './bench.report';
import { StackLauncher, type BenchStack } from './bench.stack';

/** An error as one line; fetch hides the reason ("fetch failed") in its cause: ECONNREFUSED and the like. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}

export interface BenchCommand<O> {
  /** Prefix of the lines printed: `[bench]`, `[bench:reports]`. */
  tag: string;
  log: (line: string) => void;
  parse: (argv: readonly string[]) => ParsedArgs<O>;
  usage: () => string;
  /** Measures on the running stack, prints and writes the results; returns the exit code. */
  measure: (
    stack: BenchStack,
    run: { options: O; signal: AbortSignal; startedAt: Date; machine: ReturnType<typeof describeMachine> },
  ) => Promise<number>;
}

/** Runs a bench command to its end; resolves to the process's exit code (130 when interrupted). */
export async function runBenchCommand<O>(command: BenchCommand<O>, argv: readonly string[]): Promise<number> {
  const { tag, log } = command;
  let options: O;
  try {
    const parsed = command.parse(argv);
    if (parsed.kind === 'help') {
      console.log(command.usage());
      return 0;
    }
    options = parsed.options;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${command.usage()}`);
    return 2;
  }
  const config = loadConfigOrExit();

  const abort = new AbortController();
  // Every request in flight listens to this one signal (64 concurrent readers at most).
  setMaxListeners(256, abort.signal);
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
    exitCode = await command.measure(stack, { options, signal: abort.signal, startedAt, machine });
  } catch (error) {
    exitCode = interruptedBy ? 130 : 1;
    // A request that failed because a process died usually fails before its exit is reported:
    // give the exit a moment, so the message names the cause rather than the symptom.
    if (!abort.signal.aborted) await sleep(500);
    const reason: unknown = abort.signal.aborted ? abort.signal.reason : error;
    console.error(`${tag} ${interruptedBy ? 'Interrupted' : 'Failed'}: ${errorMessage(reason)}`);
    if (!abort.signal.aborted && error instanceof Error && error.stack) console.error(error.stack);
  } finally {
    try {
      await launcher.stop();
      log('Stack stopped, database dropped');
    } catch (error) {
      console.error(`${tag} ${errorMessage(error)}`);
      exitCode ||= 1;
    }
  }
  return exitCode;
}

/** The command's main: runs it with the process's arguments and exits with its code. */
export function benchMain<O>(command: BenchCommand<O>): void {
  runBenchCommand(command, process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
