import { randomUUID } from 'node:crypto';
import { RESTAURANT_OPENING_V1 } from '../../libs/persistence/seed/demo-data';
import { loginAs, queueFor, RESTAURANT_FILING } from '../support/demo-users';
import { api, ProcessStack, type ApiUser } from '../support/process-stack';
import { eventually } from '../support/workflow-harness';

const endOfShanghaiDay = (date: string): string => `${date}T16:00:00.000Z`;
const dueDate = (user: ApiUser, start: string, workingDays: number | string) =>
  user.request('GET', `/calendar/due-date?start=${encodeURIComponent(start)}&workingDays=${workingDays}`);
const fields = (body: { details?: { field: string }[] }) => [...new Set((body.details ?? []).map((d) => d.field))];

/** The working-day calendar through HTTP, against the real gateway and worker and the seeded official calendar. */
describe('working-day calendar API', () => {
  const stack = new ProcessStack();
  let admin: ApiUser;
  let applicant: ApiUser;
  let marketStaff: ApiUser;
  let coord: ApiUser;

  beforeAll(async () => {
    await stack.start();
    [admin, applicant, marketStaff, coord] = await Promise.all(
      ['admin', 'applicant1', 'staff.market', 'coord'].map((u) => loginAs(stack, u)),
    );
  });
  afterAll(() => stack.stop());

  describe('reading', () => {
    test('GET /calendar?year=2026 lists the official weekday holidays and weekend make-up days', async () => {
      const response = await applicant.request('GET', '/calendar?year=2026');
      expect(response.status).toBe(200);
      expect(response.body.year).toBe(2026);
      const nationalDay = (list: { date: string; name: string }[]) =>
        list.filter((d) => d.name === '国庆节').map((d) => d.date);
      expect(nationalDay(response.body.holidays)).toEqual([
        '2026-10-01',
        '2026-10-02',
        '2026-10-05',
        '2026-10-06',
        '2026-10-07',
      ]);
      expect(nationalDay(response.body.makeUpWorkdays)).toEqual(['2026-09-20', '2026-10-10']);
      expect(response.body.holidays[0]).toEqual({
        date: '2026-01-01',
        name: '元旦',
        source: expect.stringMatching(/^chinese-days@/),
      });
    });

    test('the calendar needs a signed-in user', async () => {
      expect((await api(stack.baseUrl, 'GET', '/calendar?year=2026')).status).toBe(401);
      expect(
        (await api(stack.baseUrl, 'GET', '/calendar/due-date?start=2026-09-30T10:00:00Z&workingDays=1')).status,
      ).toBe(401);
    });
  });

  describe('GET /calendar/due-date', () => {
    test('3 working days from the day before National Day 2026 end with the make-up Saturday, 10 October', async () => {
      const response = await marketStaff.request(
        'GET',
        `/calendar/due-date?start=${encodeURIComponent('2026-09-30T10:00:00+08:00')}&workingDays=3`,
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        start: '2026-09-30T02:00:00.000Z',
        workingDays: 3,
        dueAt: endOfShanghaiDay('2026-10-10'),
        timeZone: 'Asia/Shanghai',
        countedDays: ['2026-10-08', '2026-10-09', '2026-10-10'],
        yearsWithoutCalendar: [],
      });
    });

    test('across the year boundary into 2026: New Year’s Day and the 2nd are off, Sunday the 4th is worked', async () => {
      const response = await applicant.request('GET', `/calendar/due-date?start=2025-12-31T02:00:00Z&workingDays=3`);
      expect(response.body).toMatchObject({
        dueAt: endOfShanghaiDay('2026-01-06'),
        countedDays: ['2026-01-04', '2026-01-05', '2026-01-06'],
        yearsWithoutCalendar: [],
      });
    });

    test('the Spring Festival 2026: a limit started before it skips 15–23 February and counts Saturday the 14th and 28th', async () => {
      const response = await dueDate(applicant, '2026-02-12T09:00:00+08:00', 5);
      expect(response.body.countedDays).toEqual(['2026-02-13', '2026-02-14', '2026-02-24', '2026-02-25', '2026-02-26']);
    });

    test('the start counts by its Shanghai date: 23:30 UTC on 30 September is already 1 October in Shanghai', async () => {
      const response = await dueDate(applicant, '2026-09-30T23:30:00Z', 1);
      expect(response.body.countedDays).toEqual(['2026-10-08']);
    });

    test.each([
      ['start without an offset', 'start=2026-09-30T10:00:00&workingDays=3', ['start']],
      ['start that is no time at all', 'start=yesterday&workingDays=3', ['start']],
      ['an impossible start date', 'start=2026-02-30T10:00:00Z&workingDays=3', ['start']],
      ['missing start', 'workingDays=3', ['start']],
      ['workingDays 0', 'start=2026-09-30T10:00:00Z&workingDays=0', ['workingDays']],
      ['workingDays 366', 'start=2026-09-30T10:00:00Z&workingDays=366', ['workingDays']],
      ['fractional workingDays', 'start=2026-09-30T10:00:00Z&workingDays=1.5', ['workingDays']],
      ['non-numeric workingDays', 'start=2026-09-30T10:00:00Z&workingDays=three', ['workingDays']],
      ['missing workingDays', 'start=2026-09-30T10:00:00Z', ['workingDays']],
      ['an unknown parameter', 'start=2026-09-30T10:00:00Z&workingDays=3&days=4', ['days']],
    ])('%s is a 400 naming the parameter', async (_case, query, expected) => {
      const response = await applicant.request('GET', `/calendar/due-date?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(fields(response.body)).toEqual(expected);
    });

    test('the message for a start without offset says how to write one', async () => {
      const response = await applicant.request('GET', '/calendar/due-date?start=2026-09-30T10:00:00&workingDays=3');
      expect(response.body.details[0].message).toContain('UTC offset or Z');
    });
  });

  test("a filed case's first task is due exactly when GET /calendar/due-date says", async () => {
    const filed = await applicant.request('POST', '/applications', RESTAURANT_FILING, {
      'idempotency-key': randomUUID(),
    });
    expect(filed.status).toBe(201);
    const [row] = await eventually(async () => {
      const rows = await queueFor(marketStaff, filed.body.id);
      return rows.length > 0 && rows;
    });
    const task = (await marketStaff.request('GET', `/tasks/${row.id}`)).body;
    const limit = RESTAURANT_OPENING_V1.steps.find((s) => s.key === task.stepKey)?.config.timeLimitDays;
    const expected = await dueDate(marketStaff, task.createdAt, limit ?? 0);
    expect(expected.status).toBe(200);
    expect(task.dueAt).toBe(expected.body.dueAt);
  });

  describe('admin changes', () => {
    // The 2027 arrangement is not in the package yet: the admin adds New Year's Day 2027 (a Friday).
    const newYear2027 = '/calendar/days/2027-01-01';

    test('adding a holiday changes the answer at once, and removing it restores the weekday rule', async () => {
      const before = await dueDate(coord, '2026-12-31T10:00:00+08:00', 1);
      expect(before.body).toMatchObject({ dueAt: endOfShanghaiDay('2027-01-01'), yearsWithoutCalendar: [2027] });

      const put = await admin.request('PUT', newYear2027, { kind: 'holiday', name: '元旦' });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({
        date: '2027-01-01',
        kind: 'holiday',
        name: '元旦',
        source: 'admin',
        updatedBy: 'admin',
      });
      try {
        const after = await dueDate(coord, '2026-12-31T10:00:00+08:00', 1);
        expect(after.body).toMatchObject({
          dueAt: endOfShanghaiDay('2027-01-04'),
          countedDays: ['2027-01-04'],
          yearsWithoutCalendar: [],
        });
        expect((await coord.request('GET', '/calendar?year=2027')).body.holidays).toEqual([
          { date: '2027-01-01', name: '元旦', source: 'admin' },
        ]);
      } finally {
        expect((await admin.request('DELETE', newYear2027)).status).toBe(204);
      }
      expect((await dueDate(coord, '2026-12-31T10:00:00+08:00', 1)).body.dueAt).toBe(endOfShanghaiDay('2027-01-01'));
    });

    test('the change log records each admin change to a day: who, when, before and after', async () => {
      const put = await admin.request('PUT', '/calendar/days/2027-02-10', { kind: 'holiday', name: '春节' });
      expect(put.status).toBe(200);
      const corrected = await admin.request('PUT', '/calendar/days/2027-02-10', {
        kind: 'holiday',
        name: '春节（除夕）',
      });
      expect(corrected.body.name).toBe('春节（除夕）');
      expect((await admin.request('DELETE', '/calendar/days/2027-02-10')).status).toBe(204);

      const changes = await admin.request('GET', '/calendar/changes?year=2027');
      expect(changes.status).toBe(200);
      const forDay = changes.body.filter((c: { date: string }) => c.date === '2027-02-10');
      expect(forDay.map((c: Record<string, unknown>) => [c.action, c.before, c.after, c.changedBy])).toEqual([
        ['delete', { kind: 'holiday', name: '春节（除夕）', source: 'admin' }, null, 'admin'],
        [
          'put',
          { kind: 'holiday', name: '春节', source: 'admin' },
          { kind: 'holiday', name: '春节（除夕）', source: 'admin' },
          'admin',
        ],
        ['put', null, { kind: 'holiday', name: '春节', source: 'admin' }, 'admin'],
      ]);
      expect(forDay.every((c: { changedAt: string }) => !Number.isNaN(Date.parse(c.changedAt)))).toBe(true);
    });

    test('a make-up working day on a weekend counts', async () => {
      // Saturday 6 February 2027.
      expect((await admin.request('PUT', '/calendar/days/2027-02-06', { kind: 'workday', name: '春节' })).status).toBe(
        200,
      );
      try {
        const response = await dueDate(coord, '2027-02-05T10:00:00+08:00', 1);
        expect(response.body.countedDays).toEqual(['2027-02-06']);
      } finally {
        await admin.request('DELETE', '/calendar/days/2027-02-06');
      }
    });

    test('only admin may change the calendar or read its change log: 403 for everyone else', async () => {
      for (const user of [applicant, marketStaff, coord]) {
        const put = await user.request('PUT', '/calendar/days/2027-01-01', { kind: 'holiday', name: '元旦' });
        expect(put.status).toBe(403);
        expect(put.body.code).toBe('FORBIDDEN_ROLE');
        expect((await user.request('DELETE', '/calendar/days/2026-10-01')).status).toBe(403);
        expect((await user.request('GET', '/calendar/changes?year=2026')).status).toBe(403);
      }
      // Nothing changed.
      expect((await coord.request('GET', '/calendar?year=2027')).body.holidays).toEqual([]);
      expect((await dueDate(coord, '2026-09-30T10:00:00+08:00', 1)).body.countedDays).toEqual(['2026-10-08']);
    });

    test('a holiday on a weekend or a make-up day on a weekday is refused with 422 and the reason', async () => {
      const saturday = await admin.request('PUT', '/calendar/days/2027-01-02', { kind: 'holiday', name: '元旦' });
      expect(saturday.status).toBe(422);
      expect(saturday.body).toMatchObject({
        code: 'CALENDAR_DAY_REDUNDANT',
        details: { date: '2027-01-02', kind: 'holiday' },
      });
      expect(saturday.body.message).toContain('2027-01-02 is a Saturday');

      const wednesday = await admin.request('PUT', '/calendar/days/2027-01-06', { kind: 'workday', name: '调休' });
      expect(wednesday.status).toBe(422);
      expect(wednesday.body.message).toContain('2027-01-06 is a Wednesday');
    });

    test.each([
      ['an impossible date', '/calendar/days/2027-02-30', { kind: 'holiday', name: '春节' }, ['date']],
      ['a date without leading zeros', '/calendar/days/2027-2-9', { kind: 'holiday', name: '春节' }, ['date']],
      ['an unknown kind', '/calendar/days/2027-02-09', { kind: 'vacation', name: '春节' }, ['kind']],
      ['an empty name', '/calendar/days/2027-02-09', { kind: 'holiday', name: '' }, ['name']],
      ['a blank name', '/calendar/days/2027-02-09', { kind: 'holiday', name: '   ' }, ['name']],
      [
        'a name over 100 characters',
        '/calendar/days/2027-02-09',
        { kind: 'holiday', name: '节'.repeat(101) },
        ['name'],
      ],
      ['a missing name', '/calendar/days/2027-02-09', { kind: 'holiday' }, ['name']],
    ])('PUT with %s is a 400 naming the field', async (_case, path, body, expected) => {
      const response = await admin.request('PUT', path, body);
      expect(response.status).toBe(400);
      expect(fields(response.body)).toEqual(expected);
    });

    test('deleting a date without an entry is a 404; a malformed date a 400', async () => {
      const missing = await admin.request('DELETE', '/calendar/days/2026-10-08');
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('CALENDAR_DAY_NOT_FOUND');
      expect((await admin.request('DELETE', '/calendar/days/2026-13-01')).status).toBe(400);
    });

    test('GET /calendar with a year that is no number is a 400 naming year', async () => {
      const response = await applicant.request('GET', '/calendar?year=twenty');
      expect(response.status).toBe(400);
      expect(fields(response.body)).toEqual(['year']);
    });
  });
});
