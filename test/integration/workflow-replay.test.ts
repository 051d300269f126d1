import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/**
 * Histories recorded from earlier versions of the application workflow (test/fixtures/histories,
 * captured with `temporal workflow show --output json`). Today's code must replay each one without
 * a nondeterminism error, or executions that are running in production would break on deploy.
 * When the workflow changes, gate the change with patched() and add a history from the new version.
 */
const FIXTURES = join(__dirname, '../fixtures/histories');
const histories = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));

describe('application workflow replays the recorded histories of earlier versions', () => {
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(async () => {
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: silent });
  });

  test('there are histories to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(10);
    // One history of each workflow generation: v1 (issue 2), v2 (include conditions, reviewers), v3
    // (accountable clocks), v4 (issue 9: deferred materials, approval on pledge, consolidated supplement notices).
    expect(new Set(histories.map((f) => f.slice(0, 2)))).toEqual(new Set(['v1', 'v2', 'v3', 'v4']));
  });

  test.each(histories)('%s', async (file) => {
    const history: unknown = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, file)).resolves.toBeUndefined();
  });
});

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };
