import { calendarClock, percentileCont, WEEKENDS_ONLY_CALENDAR } from '../../libs/domain';
import {
  RollupColumns,
  valueBucket,
  VALUE_BUCKETS,
  type CaseRollupInput,
  type RoundInput,
} from '../../libs/persistence/reports/rollup-columns';
import { memoryFrameRows } from '../../libs/persistence/reports/rollup-memory';
import type { DecidedRow, Frame } from '../../libs/persistence/reports/rollup-rows';
import { seededRandom } from '../support/seeded-random';

/**
 * The in-memory roll-up figures on thousands of generated rounds, against the definitions computed
 * the plain way (filter, then the domain's `percentileCont` on the group's amounts). The integration
 * test compares them with the SQL and the replay on hand-worked cases; here the groups are big
 * enough for a percentile's ranks to fall in different value buckets, with ties, zeros and nulls.
 */

const DAY = 24 * 3600 * 1000;
const clock = calendarClock(WEEKENDS_ONLY_CALENDAR);
const EPOCH = Date.UTC(2026, 0, 5);

interface GeneratedRound extends RoundInput {
  applicationId: string;
}

function generate(cases: number, seed: number): GeneratedRound[] {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
  // Log-normal-ish amounts with many exact ties and zeros, as real queue and handling times have.
  const amount = () => (random() < 0.15 ? 0 : Math.round(Math.exp(random() * 22) / (random() < 0.3 ? 1000 : 1)) * 1000);
  const rounds: GeneratedRound[] = [];
  for (let c = 0; c < cases; c++) {
    const applicationId = `00000000-0000-4000-8000-${String(c).padStart(12, '0')}`;
    const serviceCode = pick(['food', 'hotel']);
    for (let r = 0; r < 1 + Math.floor(random() * 5); r++) {
      const createdAt = EPOCH + Math.floor(random() * 100 * DAY);
      const decided = random() < 0.9;
      const decidedAt = decided ? createdAt + Math.floor(random() * 20 * DAY) : null;
      const supplement = decided && random() < 0.2;
      const waitOver = supplement && random() < 0.6;
      const applicantUntil = waitOver ? decidedAt! + Math.floor(random() * 10 * DAY) : null;
      rounds.push({
        applicationId,
        departmentCode: pick(['fire', 'env', 'mkt']),
        serviceCode,
        stepKey: pick(['check', 'sign']),
        round: r + 1,
        createdAt,
        endedAt: decidedAt,
        decidedAt,
        outcome: supplement ? 'request_supplement' : decided ? 'approve' : null,
        deemed: random() < 0.1,
        breached: random() < 0.2,
        queueMs: amount(),
        queueWms: amount(),
        handlingMs: amount(),
        handlingWms: amount(),
        pausedMs: random() < 0.8 ? 0 : amount(),
        pausedWms: random() < 0.8 ? 0 : amount(),
        applicantUntil,
        applicantMs: waitOver ? amount() : null,
        applicantWms: waitOver ? amount() : null,
        pauses: random() < 0.1 ? [[createdAt + DAY, random() < 0.5 ? createdAt + 2 * DAY : Infinity]] : [],
        dues: [[createdAt, createdAt + 5 * DAY]],
      });
    }
  }
  return rounds;
}

function load(rounds: GeneratedRound[]): RollupColumns {
  const columns = new RollupColumns();
  const byCase = new Map<string, CaseRollupInput>();
  for (const { applicationId, ...round } of rounds) {
    const input = byCase.get(applicationId) ?? { rounds: [], marks: [], stageMembers: [] };
    input.rounds.push(round);
    byCase.set(applicationId, input);
  }
  for (const [id, input] of byCase) columns.replaceCase(id, input);
  return columns;
}

/** The decided rows of a window, the plain way. */
function expectedDecided(rounds: GeneratedRound[], frame: Frame): Map<string, Record<string, unknown>> {
  const [from, to] = [frame.bounds[0].getTime(), frame.bounds[1].getTime()];
  const inWindow = rounds.filter(
    (r) =>
      r.decidedAt !== null &&
      r.decidedAt >= from &&
      r.decidedAt < to &&
      (frame.serviceCode === undefined || r.serviceCode === frame.serviceCode),
  );
  const groups = new Map<string, GeneratedRound[]>();
  for (const round of inWindow) {
    for (const key of [
      `${round.departmentCode}||`,
      `${round.departmentCode}|${round.serviceCode}|`,
      `${round.departmentCode}|${round.serviceCode}|${round.stepKey}`,
    ]) {
      groups.set(key, [...(groups.get(key) ?? []), round]);
    }
  }
  const applicant = (r: GeneratedRound, unit: 'ms' | 'wms') => {
    if (r.outcome !== 'request_supplement' || (r.applicantUntil !== null && r.applicantUntil <= to)) {
      return unit === 'ms' ? r.applicantMs : r.applicantWms;
    }
    return unit === 'ms' ? to - r.decidedAt! : clock.workingTimeBetween(new Date(r.decidedAt!), new Date(to));
  };
  const result = new Map<string, Record<string, unknown>>();
  for (const [key, members] of groups) {
    const figures = (values: (number | null)[]) => {
      const present = values.filter((v): v is number => v !== null);
      return present.length === 0
        ? { p: null, total: null }
        : {
            p: [percentileCont(present, 0.5), percentileCont(present, 0.9)],
            total: present.reduce((a, b) => a + b, 0),
          };
    };
    const row: Record<string, unknown> = {
      throughput: members.length,
      breaches: members.filter((r) => r.breached).length,
      deemed: members.filter((r) => r.deemed).length,
      supplementRequests: members.filter((r) => r.outcome === 'request_supplement').length,
      cases: new Set(members.map((r) => r.applicationId)).size,
    };
    const measures: [string, (r: GeneratedRound) => number | null][] = [
      ['queueMs', (r) => r.queueMs],
      ['queueWms', (r) => r.queueWms],
      ['handlingMs', (r) => r.handlingMs],
      ['handlingWms', (r) => r.handlingWms],
      ['pausedMs', (r) => r.pausedMs],
      ['pausedWms', (r) => r.pausedWms],
      ['applicantMs', (r) => applicant(r, 'ms')],
      ['applicantWms', (r) => applicant(r, 'wms')],
    ];
    for (const [name, read] of measures) {
      const { p, total } = figures(members.map(read));
      const unit = name.endsWith('Wms') ? 'Wms' : 'Ms';
      const kind = name.slice(0, -unit.length);
      row[name] = p;
      row[`${kind}Total${unit}`] = total;
    }
    result.set(key, row);
  }
  return result;
}

const keyOf = (row: DecidedRow) => `${row.departmentCode}|${row.serviceCode ?? ''}|${row.stepKey ?? ''}`;

describe('report roll-ups in memory', () => {
  const rounds = generate(1500, 20261203);

  test.each([
    ['the whole province, 60 days', {}],
    ['one service, 60 days', { serviceCode: 'food' }],
  ])('%s: counts, sums and exact percentiles of every group equal the plain computation', (_, scope) => {
    const columns = load(rounds);
    const frame: Frame = { bounds: [new Date(EPOCH + 10 * DAY), new Date(EPOCH + 70 * DAY)], levels: 'all', ...scope };
    const decided = memoryFrameRows(columns, frame, clock).decided;
    const expected = expectedDecided(rounds, frame);
    expect(decided.map(keyOf).sort()).toEqual([...expected.keys()].sort());
    // Big groups: the percentiles' ranks are picked among hundreds of amounts spread over many buckets.
    expect(Math.max(...decided.map((row) => row.throughput))).toBeGreaterThan(300);
    for (const row of decided) {
      const { bucket, departmentCode, serviceCode, stepKey, ...figures } = row;
      expect({ key: keyOf(row), bucket, ...figures }).toEqual({
        key: keyOf(row),
        bucket: 1,
        ...expected.get(keyOf(row)),
      });
      void departmentCode;
      void serviceCode;
      void stepKey;
    }
  });

  test('replacing cases and compacting the columns changes no figure', () => {
    const columns = load(rounds);
    const frame: Frame = { bounds: [new Date(EPOCH), new Date(EPOCH + 120 * DAY)], levels: 'all' };
    const before = memoryFrameRows(columns, frame, clock);
    // Every case replaced by itself twice: two thirds of the rows are dead, then compacted away.
    const byCase = new Map<string, CaseRollupInput>();
    for (const { applicationId, ...round } of rounds) {
      const input = byCase.get(applicationId) ?? { rounds: [], marks: [], stageMembers: [] };
      input.rounds.push(round);
      byCase.set(applicationId, input);
    }
    for (let pass = 0; pass < 2; pass++) for (const [id, input] of byCase) columns.replaceCase(id, input);
    expect(columns.size.dead).toBe(2 * rounds.length);
    expect(memoryFrameRows(columns, frame, clock)).toEqual(before);
    columns.compactIfSparse(1);
    expect(columns.size).toMatchObject({ rounds: rounds.length, dead: 0 });
    expect(memoryFrameRows(columns, frame, clock)).toEqual(before);
    // A case with no rows left is gone from the figures.
    const [first] = byCase.keys();
    columns.replaceCase(first, { rounds: [], marks: [], stageMembers: [] });
    expect(columns.size.cases).toBe(byCase.size - 1);
  });

  test('value buckets never decrease as the amount grows, at and around every power of two', () => {
    const amounts = [-(2 ** 40), -1, -0.5, 0, 0.5, 1, 2, 3];
    for (let exponent = 1; exponent < 47; exponent++) {
      const power = 2 ** exponent;
      amounts.push(power - 1, power, power + 1, power * 1.24, power * 1.25, power * 1.5, power * 1.75);
    }
    amounts.sort((a, b) => a - b);
    const buckets = amounts.map(valueBucket);
    buckets.forEach((bucket, i) => {
      if (i > 0) expect(bucket).toBeGreaterThanOrEqual(buckets[i - 1]);
    });
    expect(valueBucket(2 ** 20)).toBe(3 + 20 * 8);
    expect(valueBucket(2 ** 20 * 1.5)).toBe(3 + 20 * 8 + 4);
    expect(valueBucket(0)).toBe(1);
    expect(valueBucket(0.5)).toBe(2);
    expect(valueBucket(2 ** 60)).toBe(VALUE_BUCKETS - 1);
    expect(valueBucket(-5)).toBe(0);
  });
});
