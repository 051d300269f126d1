import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createApplicationActivities } from '../../activities/application.activities';
import { cachedLoader, calendarClockSource } from '../../activities/clock-sources';
import { loadConfig, requireService } from '../../libs/config';
import { createDataSource } from '../../libs/persistence/data-source';
import { ApplicationReadModelStore } from '../../libs/persistence/read-model/application-read-model.store';
import { CalendarRepository } from '../../libs/persistence/repositories/calendar.repository';
import {
  OFFICIAL_CALENDAR_SOURCE,
  officialCalendarDays,
  seedOfficialCalendar,
} from '../../libs/persistence/seed/official-calendar.seed';

const endOfShanghaiDay = (date: string): string => `${date}T16:00:00.000Z`;

/**
 * The calendar table as the test setup left it (migrated, then seeded like `npm start` does), its
 * seed, its repository, and the worker's deadline calculator on top of it.
 */
describe('working-day calendar in the database', () => {
  let dataSource: DataSource;
  let calendar: CalendarRepository;

  beforeAll(async () => {
    dataSource = createDataSource(requireService(loadConfig().databaseUrl, 'DATABASE_URL'), 2);
    await dataSource.initialize();
    calendar = new CalendarRepository(dataSource);
  });
  afterAll(() => dataSource.destroy());

  const entries = async (from: string, to: string) =>
    (await calendar.findYears(Number(from.slice(0, 4)), Number(to.slice(0, 4))))
      .filter((d) => d.date >= from && d.date <= to)
      .map((d) => [d.date, d.kind, d.name]);

  describe('seeded from the official arrangement (国务院办公厅关于2026年部分节假日安排的通知)', () => {
    test('the 2026 National Day week: 1–7 October off, Sunday 20 September and Saturday 10 October worked', async () => {
      // 3 and 4 October are a weekend, off anyway, so only the weekday holidays are entries.
      expect(await entries('2026-09-15', '2026-10-15')).toEqual([
        ['2026-09-20', 'workday', '国庆节'],
        ['2026-09-25', 'holiday', '中秋节'],
        ['2026-10-01', 'holiday', '国庆节'],
        ['2026-10-02', 'holiday', '国庆节'],
        ['2026-10-05', 'holiday', '国庆节'],
        ['2026-10-06', 'holiday', '国庆节'],
        ['2026-10-07', 'holiday', '国庆节'],
        ['2026-10-10', 'workday', '国庆节'],
      ]);
    });

    test('the 2026 Spring Festival: 15–23 February off, Saturdays 14 and 28 February worked', async () => {
      expect(await entries('2026-02-01', '2026-03-31')).toEqual([
        ['2026-02-14', 'workday', '春节'],
        ['2026-02-16', 'holiday', '春节'],
        ['2026-02-17', 'holiday', '春节'],
        ['2026-02-18', 'holiday', '春节'],
        ['2026-02-19', 'holiday', '春节'],
        ['2026-02-20', 'holiday', '春节'],
        ['2026-02-23', 'holiday', '春节'],
        ['2026-02-28', 'workday', '春节'],
      ]);
    });

    test('the 2025 National Day and Mid-Autumn holiday: 1–8 October off, 28 September and 11 October worked', async () => {
      expect((await entries('2025-09-20', '2025-10-15')).map(([date, kind]) => [date, kind])).toEqual([
        ['2025-09-28', 'workday'],
        ['2025-10-01', 'holiday'],
        ['2025-10-02', 'holiday'],
        ['2025-10-03', 'holiday'],
        ['2025-10-06', 'holiday'],
        ['2025-10-07', 'holiday'],
        ['2025-10-08', 'holiday'],
        ['2025-10-11', 'workday'],
      ]);
    });

    test('every seeded row names the package it came from, and a second seed changes nothing', async () => {
      const days = await calendar.findYears(2025, 2026);
      expect(days.length).toBe(officialCalendarDays().filter((d) => d.date < '2027').length);
      expect(new Set(days.map((d) => d.source))).toEqual(new Set([OFFICIAL_CALENDAR_SOURCE]));
      expect(await seedOfficialCalendar(dataSource)).toMatchObject({ inserted: 0, updated: 0 });
    });
  });

  describe('seeding never overrides an admin', () => {
    // A year no other test uses, with made-up "official" days.
    const official = [
      { date: '2033-05-02', kind: 'holiday' as const, name: '劳动节' },
      { date: '2033-05-03', kind: 'holiday' as const, name: '劳动节' },
      { date: '2033-05-04', kind: 'holiday' as const, name: '劳动节' },
      { date: '2033-05-07', kind: 'workday' as const, name: '劳动节' },
    ];

    test('inserts what is missing, keeps a corrected and a removed day, and refreshes rows of an older package version', async () => {
      expect(await seedOfficialCalendar(dataSource, official)).toMatchObject({ inserted: 4, updated: 0 });

      await calendar.upsertDay({ date: '2033-05-02', kind: 'holiday', name: '劳动节（更正）' }, 'admin');
      await calendar.deleteDay('2033-05-03', 'admin');
      // As if an older package version had written this row.
      await dataSource.query(`UPDATE calendar_days SET name = 'old', source = 'chinese-days@0.0.1' WHERE date = $1`, [
        '2033-05-04',
      ]);

      expect(await seedOfficialCalendar(dataSource, official)).toMatchObject({ inserted: 0, updated: 1 });
      expect(await entries('2033-05-01', '2033-05-31')).toEqual([
        ['2033-05-02', 'holiday', '劳动节（更正）'],
        ['2033-05-04', 'holiday', '劳动节'],
        ['2033-05-07', 'workday', '劳动节'],
      ]);
      expect((await calendar.findDay('2033-05-04'))?.source).toBe(OFFICIAL_CALENDAR_SOURCE);
    });

    test('each admin change is recorded with who, when, before and after', async () => {
      const changes = await calendar.changes(2033);
      expect(changes.map((c) => [c.date, c.action, c.before, c.after, c.changedBy])).toEqual([
        ['2033-05-03', 'delete', { kind: 'holiday', name: '劳动节', source: OFFICIAL_CALENDAR_SOURCE }, null, 'admin'],
        [
          '2033-05-02',
          'put',
          { kind: 'holiday', name: '劳动节', source: OFFICIAL_CALENDAR_SOURCE },
          { kind: 'holiday', name: '劳动节（更正）', source: 'admin' },
          'admin',
        ],
      ]);
      expect(changes.every((c) => c.changedAt instanceof Date)).toBe(true);
    });
  });

  describe("the worker's due dates (openStepTask through createApplicationActivities)", () => {
    let now = 0;
    const activities = () =>
      createApplicationActivities({
        store: new ApplicationReadModelStore(dataSource),
        clock: calendarClockSource(
          cachedLoader(
            () => calendar.workingDayCalendar(),
            60_000,
            () => now,
          ),
        ),
        webhookConfigured: false,
      });

    /** An application row for tasks to hang on (tasks reference it). */
    async function newApplication(): Promise<{ applicationId: string; applicationNumber: string }> {
      const applicationId = randomUUID();
      const applicationNumber = `CAL-${applicationId.slice(0, 8)}`;
      const serviceCode = `cal-${applicationId.slice(0, 8)}`;
      await dataSource.query(
        `INSERT INTO departments (code, name, name_en) VALUES ('market', '市场监督管理局', 'Market Supervision')
         ON CONFLICT DO NOTHING`,
      );
      const [{ id: enterpriseId }] = await dataSource.query<{ id: string }[]>(
        `INSERT INTO enterprises (name, credit_code) VALUES ('Calendar Test Co.', $1) RETURNING id`,
        [`CAL${applicationId.replace(/-/g, '').slice(0, 15)}`.toUpperCase()],
      );
      await dataSource.query(`INSERT INTO services (code, name, published_version) VALUES ($1, 'Calendar test', 1)`, [
        serviceCode,
      ]);
      await dataSource.query(
        `INSERT INTO service_versions (service_code, version, snapshot, published_at, published_by)
         VALUES ($1, 1, '{}'::jsonb, now(), 'test')`,
        [serviceCode],
      );
      await dataSource.query(
        `INSERT INTO applications (id, number, service_code, service_version, enterprise_id, filed_by, idempotency_key,
                                   status, form, materials, filed_at)
         VALUES ($1, $2, $3, 1, $4, $5, $6, 'in_progress', '{}'::jsonb, '[]'::jsonb, now())`,
        [applicationId, applicationNumber, serviceCode, enterpriseId, randomUUID(), applicationId],
      );
      return { applicationId, applicationNumber };
    }

    const openTask = async (
      application: { applicationId: string; applicationNumber: string },
      acts: ReturnType<typeof activities>,
      startedAt: string,
      timeLimitDays: number,
      round = 1,
    ) =>
      acts.openStepTask({
        ...application,
        enterpriseName: 'Calendar Test Co.',
        serviceCode: 'calendar-test',
        stepKey: 'licence',
        departmentCode: 'market',
        round,
        timeLimitDays,
        startedAt,
      });

    test('a step started the day before National Day 2026 with 3 working days is due at the end of the make-up Saturday', async () => {
      const task = await openTask(await newApplication(), activities(), '2026-09-30T10:00:00+08:00', 3);
      expect(task.dueAt).toBe(endOfShanghaiDay('2026-10-10'));
      const [row] = await dataSource.query<{ due_at: Date }[]>(`SELECT due_at FROM tasks WHERE id = $1`, [task.taskId]);
      expect(row.due_at.toISOString()).toBe(endOfShanghaiDay('2026-10-10'));
    });

    test('across the New Year 2026: the 1st and 2nd are off and Sunday the 4th is worked', async () => {
      const task = await openTask(await newApplication(), activities(), '2025-12-31T10:00:00+08:00', 3);
      // 4 (make-up Sunday), 5, 6 January.
      expect(task.dueAt).toBe(endOfShanghaiDay('2026-01-06'));
    });

    test("an admin's correction reaches new tasks once the worker's cache expires, without a restart", async () => {
      const acts = activities();
      const application = await newApplication();
      // Monday 3 March 2031 + 1 working day: Tuesday the 4th, by the weekday rule.
      expect((await openTask(application, acts, '2031-03-03T10:00:00+08:00', 1, 1)).dueAt).toBe(
        endOfShanghaiDay('2031-03-04'),
      );

      await calendar.upsertDay({ date: '2031-03-04', kind: 'holiday', name: '临时调整' }, 'admin');
      try {
        now += 30_000;
        expect((await openTask(application, acts, '2031-03-03T10:00:00+08:00', 1, 2)).dueAt).toBe(
          endOfShanghaiDay('2031-03-04'),
        );
        now += 30_000;
        expect((await openTask(application, acts, '2031-03-03T10:00:00+08:00', 1, 3)).dueAt).toBe(
          endOfShanghaiDay('2031-03-05'),
        );
      } finally {
        await calendar.deleteDay('2031-03-04', 'admin');
      }
    });

    test('a retried activity keeps the due date it first stored', async () => {
      const application = await newApplication();
      const first = await openTask(application, activities(), '2031-06-02T10:00:00+08:00', 1);
      await calendar.upsertDay({ date: '2031-06-03', kind: 'holiday', name: '临时调整' }, 'admin');
      try {
        const retried = await openTask(application, activities(), '2031-06-02T10:00:00+08:00', 1);
        expect(retried).toEqual(first);
      } finally {
        await calendar.deleteDay('2031-06-03', 'admin');
      }
    });
  });
});
