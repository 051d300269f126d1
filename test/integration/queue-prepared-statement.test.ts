import { OPEN_TASK_STATUSES } from '../../libs/domain';
import { loadConfig, requireService } from '../../libs/config';
import { createDataSource } from '../../libs/persistence/data-source';
import { preparedStatementName, sqlRows } from '../../libs/persistence/repositories/sql.helpers';
import { TaskQueueRepository } from '../../libs/persistence/repositories/task-queue.repository';

/**
 * The queue page's statement is prepared once per pooled session and only bound and run after
 * that, but each run is still planned for its own values: the pools' sessions run with
 * plan_cache_mode force_custom_plan, also when the URL brings options of its own.
 */
describe('the queue statement, prepared', () => {
  // Postgres considers a generic plan from the sixth run of a prepared statement on.
  const RUNS = 7;

  async function preparedQueueStatements(url: string) {
    // One connection, so every run and the catalogue read below share one session.
    const dataSource = createDataSource(url, 1);
    await dataSource.initialize();
    try {
      const tasks = new TaskQueueRepository(dataSource);
      for (let run = 0; run < RUNS; run++) {
        await tasks.list({ departmentCode: 'fire', statuses: ['pending'], limit: 5 });
        await tasks.list({ departmentCode: 'fire', statuses: OPEN_TASK_STATUSES, serviceCode: 'none', limit: 5 });
      }
      const settings = await sqlRows<{ planCacheMode: string; zone: string }>(
        dataSource,
        `SELECT current_setting('plan_cache_mode') AS "planCacheMode", current_setting('TimeZone') AS "zone"`,
      );
      const statements = await sqlRows<{ name: string; statement: string; generic: string; custom: string }>(
        dataSource,
        `SELECT name AS "name", statement AS "statement", generic_plans AS "generic", custom_plans AS "custom"
           FROM pg_prepared_statements WHERE statement LIKE '%FROM tasks t%' ORDER BY statement`,
      );
      return { settings: settings[0], statements };
    } finally {
      await dataSource.destroy();
    }
  }

  test('is parsed once per session and planned anew for each run', async () => {
    const { settings, statements } = await preparedQueueStatements(
      requireService(loadConfig().databaseUrl, 'DATABASE_URL'),
    );
    expect(settings.planCacheMode).toBe('force_custom_plan');
    // One status (`=`) and several (`= ANY`): two texts, each prepared once.
    expect(statements).toHaveLength(2);
    for (const statement of statements) {
      expect(statement.name).toBe(preparedStatementName(statement.statement));
      expect(Number(statement.custom)).toBe(RUNS);
      expect(Number(statement.generic)).toBe(0);
    }
  });

  test('keeps custom plans when the URL has options of its own, and applies those too', async () => {
    const url = new URL(requireService(loadConfig().databaseUrl, 'DATABASE_URL'));
    url.searchParams.set('options', '-c TimeZone=Asia/Shanghai');
    const { settings, statements } = await preparedQueueStatements(url.toString());
    expect(settings).toEqual({ planCacheMode: 'force_custom_plan', zone: 'Asia/Shanghai' });
    expect(statements.map((s) => Number(s.generic))).toEqual([0, 0]);
  });

  test('an operator’s own plan_cache_mode in the URL wins', async () => {
    const url = new URL(requireService(loadConfig().databaseUrl, 'DATABASE_URL'));
    url.searchParams.set('options', '-c plan_cache_mode=auto');
    const { settings } = await preparedQueueStatements(url.toString());
    expect(settings.planCacheMode).toBe('auto');
  });
});
