import { parse } from 'csv-parse/sync';
import { STUCK_CASES_CSV } from '../../apps/gateway/reports/report-csv';
import type { StuckCaseDto } from '../../apps/gateway/reports/reports.dto';

const stuckCase = (overrides: Partial<StuckCaseDto>): StuckCaseDto => ({
  applicationId: '00000000-0000-4000-8000-000000000001',
  number: 'YW2026000001',
  enterpriseName: '味道餐饮有限公司',
  serviceCode: 'restaurant-opening',
  stepKey: 'licence',
  round: 1,
  departmentCode: 'market',
  status: 'pending',
  clock: 'running',
  waitingSince: '2026-09-01T00:00:00.000Z',
  waitingWorkingDays: 2.5,
  dueAt: '2026-09-04T16:00:00.000Z',
  overdue: false,
  cards: [],
  urges: [],
  ...overrides,
});

describe('report tables as CSV', () => {
  test('pages written one after the other parse back as one table: the BOM and header only in front', () => {
    const first = STUCK_CASES_CSV.write([stuckCase({ number: 'A-1' })], true);
    const next = STUCK_CASES_CSV.write([stuckCase({ number: 'A-2' }), stuckCase({ number: 'A-3' })], false);
    expect(first.startsWith('\uFEFFapplication_number,')).toBe(true);
    expect(next.startsWith('A-2,')).toBe(true);
    const rows: Record<string, string>[] = parse(first + next, { bom: true, columns: true });
    expect(rows.map((row) => row.application_number)).toEqual(['A-1', 'A-2', 'A-3']);
  });

  test('commas, quotes and line breaks stay in their cell; text that would be a formula stays text', () => {
    const tricky = '海鲜楼, "老店"\n二部';
    const csv = STUCK_CASES_CSV.write([
      stuckCase({ enterpriseName: tricky }),
      stuckCase({ enterpriseName: '=HYPERLINK("http://example.test")', overdue: true }),
    ]);
    const rows: Record<string, string>[] = parse(csv, { bom: true, columns: true });
    expect(rows[0]).toMatchObject({ enterprise_name: tricky, overdue: 'false', waiting_working_days: '2.5' });
    expect(rows[1]).toMatchObject({ enterprise_name: `'=HYPERLINK("http://example.test")`, overdue: 'true' });
    // Records end in CRLF; the line break inside the quoted name stays a bare LF.
    expect(csv.split('\r\n')).toHaveLength(4);
  });

  test('cards and urges become counts with the latest one, an empty cell where there is none', () => {
    const csv = STUCK_CASES_CSV.write([
      stuckCase({
        cards: [
          { level: 'warning', at: '2026-09-03T00:00:00.000Z' },
          { level: 'yellow', at: '2026-09-04T16:00:00.000Z' },
        ],
        urges: [
          {
            id: '00000000-0000-4000-8000-000000000009',
            at: '2026-09-05T02:00:00.000Z',
            message: '请加快',
            by: 'coord',
          },
        ],
      }),
      stuckCase({}),
    ]);
    const rows: Record<string, string>[] = parse(csv, { bom: true, columns: true });
    expect(rows[0]).toMatchObject({
      cards: '2',
      latest_card: 'yellow',
      urges: '1',
      last_urged_at: '2026-09-05T02:00:00.000Z',
    });
    expect(rows[1]).toMatchObject({ cards: '0', latest_card: '', urges: '0', last_urged_at: '' });
  });
});
