/**
 * Provisions what the integration tests run against, once per `jest` run, the same way the
 * benchmark does (tools/ephemeral-stack.ts): a Temporal dev server (in memory, on a free port,
 * search attributes registered) and a throwaway database on the machine's Postgres (or on a
 * project-started one when that is down). Test workers inherit DATABASE_URL and TEMPORAL_ADDRESS
 * through process.env.
 */
import { loadConfig } from '../../libs/config';
import { startEphemeralStack, type EphemeralStack } from '../../tools/ephemeral-stack';

/** What setup started, for teardown (both run in Jest's main process). */
const STACK = Symbol.for('onestop.test-stack');
type StackHolder = typeof globalThis & { [STACK]?: EphemeralStack };

const log = (line: string): void => void process.stdout.write(`[test-setup] ${line}\n`);

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  process.stdout.write('\n');
  // The demo data is loaded by each end-to-end suite (test/support/process-stack.ts), not here.
  const stack = await startEphemeralStack({ name: 'test', config: loadConfig(), log, demoData: false });
  (globalThis as StackHolder)[STACK] = stack;
  process.env.DATABASE_URL = stack.databaseUrl;
  process.env.TEMPORAL_ADDRESS = stack.temporalAddress;
  log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Stops what setup started, in reverse: the run's database, Temporal, a project Postgres. */
export async function stopTestStack(): Promise<void> {
  const holder = globalThis as StackHolder;
  const stack = holder[STACK];
  holder[STACK] = undefined;
  await stack?.stop();
}
