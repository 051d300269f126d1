import { calendarClock, WEEKENDS_ONLY_CALENDAR } from '../../libs/domain';
import { ReportAnswerCache } from '../../libs/persistence/reports/report-answer-cache';

/** The version as a changeable value, read the way ReportRepository reads report_rollup_version. */
function versionCounter() {
  let version = 1;
  return { read: () => Promise.resolve(String(version)), bump: () => void (version += 1) };
}

describe('report answer cache', () => {
  const clock = calendarClock(WEEKENDS_ONLY_CALENDAR);

  test('an answer is kept for its key, version and clock, and computed again when any of them changes', async () => {
    const cache = new ReportAnswerCache<{ n: number }>();
    const version = versionCounter();
    let computed = 0;
    const compute = () => Promise.resolve({ n: ++computed });
    const ask = async (key: string, askedClock = clock) =>
      cache.answer(key, askedClock, await version.read(), compute, version.read);

    const first = await ask('a');
    expect(await ask('a')).toBe(first);
    expect((await ask('b')).n).toBe(2);
    expect(await ask('a')).toBe(first);
    version.bump();
    expect((await ask('a')).n).toBe(3);
    // The other clock's answers are not reused, nor the old ones after it.
    expect((await ask('a', calendarClock(WEEKENDS_ONLY_CALENDAR))).n).toBe(4);
    expect((await ask('a')).n).toBe(5);
    expect(computed).toBe(5);
  });

  test('an answer computed while the version moved is returned but not kept', async () => {
    const cache = new ReportAnswerCache<{ n: number }>();
    const version = versionCounter();
    let computed = 0;
    // A refresh commits while the statements run: what they read may be either side of it.
    const racing = () => {
      version.bump();
      return Promise.resolve({ n: ++computed });
    };
    const before = await version.read();
    expect((await cache.answer('a', clock, before, racing, version.read)).n).toBe(1);
    expect(cache.size).toBe(0);
    const now = await version.read();
    const steady = () => Promise.resolve({ n: ++computed });
    expect((await cache.answer('a', clock, now, steady, version.read)).n).toBe(2);
    expect((await cache.answer('a', clock, now, steady, version.read)).n).toBe(2);
  });

  test('at most `capacity` answers are kept, the least recently used one goes first', async () => {
    const cache = new ReportAnswerCache<string>(2);
    const version = versionCounter();
    const computedKeys: string[] = [];
    const ask = async (key: string) =>
      cache.answer(
        key,
        clock,
        await version.read(),
        () => {
          computedKeys.push(key);
          return Promise.resolve(key);
        },
        version.read,
      );
    await ask('a');
    await ask('b');
    await ask('a'); // a is now the most recent
    await ask('c'); // evicts b
    await ask('a');
    await ask('b');
    expect(computedKeys).toEqual(['a', 'b', 'c', 'b']);
    expect(cache.size).toBe(2);
  });
});
