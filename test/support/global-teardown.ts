import { stopTestStack } from './global-setup';

/** Stops the Temporal server and drops the database that global-setup created for this run. */
export default async function globalTeardown(): Promise<void> {
  await stopTestStack();
}
