/**
 * "Results identical to computing from raw events": one department's row of the report the gateway
 * answered, compared field by field with the row libs/domain computes in this process from the raw
 * event logs of that department's cases (ReportRepository.casesTouching → reportMetrics →
 * reportRows). Numbers may differ by 1e-9 relative (sums in another order); anything else must be equal.
 *
 * The cases are those touching the window on which the department had a task, including a case
 * whose parallel stage the department left before the window while another department finished it
 * inside (that stage counts in the department's critical-path `stages`).
 */
import type { DataSource } from 'typeorm';
import { NO_RATINGS, reportMetrics, reportRows, type WorkingClock } from '../../libs/domain';
import { ReportRepository } from '../../libs/persistence/repositories/report.repository';

export const RELATIVE_TOLERANCE = 1e-9;

export interface FieldDifference {
  field: string;
  http: unknown;
  rawEvents: unknown;
}

export interface RawEventCheck {
  departmentCode: string;
  from: string;
  to: string;
  cases: number;
  fieldsCompared: number;
  differences: FieldDifference[];
}

/** The expected row of `departmentCode` over [from, to), from raw events only. */
export async function rowFromRawEvents(
  dataSource: DataSource,
  clock: WorkingClock,
  window: { from: Date; to: Date },
  departmentCode: string,
): Promise<{ row: unknown; cases: number }> {
  const repository = new ReportRepository(dataSource);
  const cases = await repository.casesTouching({ ...window, departmentCode });
  const metrics = reportMetrics({ cases, clock, window, groupBy: 'department' });
  const rows = reportRows(
    {
      departments: metrics.groups.filter((g) => g.departmentCode === departmentCode),
      departmentPaths: metrics.criticalPath.filter((p) => p.departmentCode === departmentCode),
    },
    clock.workingDayMs,
  );
  if (rows.length !== 1) throw new Error(`raw events give ${rows.length} rows for ${departmentCode}, expected 1`);
  // Ratings are not case events: the report takes them from the ratings table as given in the window.
  const ratings = (await repository.ratingsByDepartment({ ...window, departmentCode })).get(departmentCode);
  const row = { ...rows[0], ratings: ratings ?? NO_RATINGS };
  // Through JSON, as the HTTP answer went: Dates become ISO strings, undefined fields disappear.
  return { row: JSON.parse(JSON.stringify(row)) as unknown, cases: cases.length };
}

function close(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** Every leaf of both trees, compared; the differences with their paths. */
export function compareRows(
  http: unknown,
  raw: unknown,
  path = '',
): { compared: number; differences: FieldDifference[] } {
  if (typeof http === 'number' && typeof raw === 'number') {
    return { compared: 1, differences: close(http, raw) ? [] : [{ field: path, http, rawEvents: raw }] };
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (isObject(http) && isObject(raw) && Array.isArray(http) === Array.isArray(raw)) {
    let compared = 0;
    const differences: FieldDifference[] = [];
    for (const key of new Set([...Object.keys(http), ...Object.keys(raw)])) {
      const result = compareRows(http[key], raw[key], path ? `${path}.${key}` : key);
      compared += result.compared;
      differences.push(...result.differences);
    }
    return { compared, differences };
  }
  return { compared: 1, differences: http === raw ? [] : [{ field: path, http, rawEvents: raw }] };
}
