import { SESSION_SETTINGS, withSessionSettings } from '../../libs/persistence/data-source';

describe('withSessionSettings (the settings every pooled session starts with)', () => {
  const optionsOf = (url: string) => new URL(url).searchParams.get('options');

  test('adds them to a URL without options, changing nothing else', () => {
    const url = 'postgresql://app:p%40ss@db.example:6432/onestop?sslmode=verify-full';
    const withSettings = new URL(withSessionSettings(url));
    expect(withSettings.searchParams.get('options')).toBe(SESSION_SETTINGS);
    withSettings.searchParams.delete('options');
    expect(withSettings.toString()).toBe(url);
  });

  test('puts them before options of the URL’s own, so the operator’s settings still win', () => {
    const url = 'postgres://app@127.0.0.1:5432/onestop?options=-c%20TimeZone%3DAsia%2FShanghai';
    expect(optionsOf(withSessionSettings(url))).toBe(`${SESSION_SETTINGS} -c TimeZone=Asia/Shanghai`);
  });

  test('leaves a URL without a host as it is (the pool’s own options serve it)', () => {
    const url = 'postgres://app@/onestop?host=/var/run/postgresql';
    expect(withSessionSettings(url)).toBe(url);
  });
});
