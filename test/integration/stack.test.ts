import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Client } from 'pg';
import { loadConfig, requireService } from '../../libs/config';

/** Proves the per-run stack from test/support/global-setup.ts is there and prepared. */
describe('integration test stack', () => {
  const config = loadConfig();

  describe('Temporal dev server', () => {
    let connection: Connection;
    beforeAll(async () => {
      connection = await Connection.connect({
        address: requireService(config.temporal.address, 'TEMPORAL_ADDRESS'),
      });
    });
    afterAll(() => connection.close());

    it('answers getSystemInfo', async () => {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.serverVersion).toBeTruthy();
    });

    it('has the ApplicationStatus search attribute registered as a keyword', async () => {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({
        namespace: config.temporal.namespace,
      });
      expect(customAttributes?.ApplicationStatus).toBe(
        temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      );
    });
  });

  describe('Postgres', () => {
    let client: Client;
    beforeAll(async () => {
      client = new Client({ connectionString: requireService(config.databaseUrl, 'DATABASE_URL') });
      await client.connect();
    });
    afterAll(() => client.end());

    it('is a throwaway database with the migrations applied (the tasks table exists)', async () => {
      const { rows } = await client.query<{ db: string; tasks: string | null }>(
        "SELECT current_database() AS db, to_regclass('public.tasks')::text AS tasks",
      );
      expect(rows[0].db).toMatch(/^onestop_test_/);
      expect(rows[0].tasks).toBe('tasks');
    });
  });
});
