import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { RESOURCES } from '../../apps/web/src/i18n/resources';
import { HTTP_ERROR_MAPPING } from '../../apps/gateway/common/http-error.mapping';
import {
  APPLICATION_EVENT_KINDS,
  APPLICATION_STATUSES,
  CARD_LEVELS,
  DECISION_OUTCOMES,
  POST_CHECK_OUTCOMES,
  TASK_KINDS,
  PAUSE_REASONS,
  PROBLEM_RULE_CODES,
  PROBLEM_RULES,
  TASK_STATUSES,
  templatePlaceholders,
} from '../../libs/domain';
import { defaultStepConfig } from '../../libs/domain/service/step-config';
import { validateStepConfig } from '../../libs/domain/service/step-config.rules';
import { ROLES } from '../../libs/persistence/entities';

type Tree = { [key: string]: string | Tree };

/** Every dotted key of a message tree. */
function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}

const zh = RESOURCES.zh.translation as unknown as Tree;
const en = RESOURCES.en.translation as unknown as Tree;
const has = (tree: Tree, key: string): boolean => {
  const value = key
    .split('.')
    .reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree);
  return typeof value === 'string' && value.trim() !== '';
};

describe('the web application’s messages', () => {
  test('Chinese and English have exactly the same keys, none blank', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(zh).sort());
    for (const key of keysOf(zh)) {
      expect([key, has(zh, key), has(en, key)]).toEqual([key, true, true]);
    }
  });

  test.each([
    ['applicationStatus', APPLICATION_STATUSES],
    ['taskStatus', TASK_STATUSES],
    ['stepStatus', ['waiting', 'active', 'awaiting_applicant', 'approved', 'rejected', 'cancelled', 'skipped']],
    ['outcome', [...DECISION_OUTCOMES, 'pause', 'resume', ...POST_CHECK_OUTCOMES]],
    ['taskKind', TASK_KINDS],
    ['eventKind', APPLICATION_EVENT_KINDS],
    ['pauseReason', PAUSE_REASONS],
    ['card', CARD_LEVELS],
    ['roles', ROLES],
  ])('every %s is translated in both languages', (group, values) => {
    for (const value of values) {
      expect([`${group}.${value}`, has(zh, `${group}.${value}`), has(en, `${group}.${value}`)]).toEqual([
        `${group}.${value}`,
        true,
        true,
      ]);
    }
  });

  test('every error code the API can answer with has a message in both languages', () => {
    for (const code of Object.keys(HTTP_ERROR_MAPPING)) {
      expect([code, has(zh, `errors.${code}`), has(en, `errors.${code}`)]).toEqual([code, true, true]);
    }
  });

  test('every rule a validation problem can name has a sentence in both languages, using only its own params', () => {
    expect(PROBLEM_RULE_CODES.length).toBeGreaterThan(50);
    for (const rule of PROBLEM_RULE_CODES) {
      const key = `problems.${rule}`;
      expect([key, has(zh, key), has(en, key)]).toEqual([key, true, true]);
      const params: readonly string[] = PROBLEM_RULES[rule].params;
      const zhText = (zh.problems as Tree)[rule] as string;
      const enText = (en.problems as Tree)[rule] as string;
      // A placeholder the rule does not carry would show up empty in that language.
      for (const [language, text] of [
        ['zh', zhText],
        ['en', enText],
      ]) {
        const unknown = templatePlaceholders(text).filter((p) => !params.includes(p));
        expect([key, language, unknown]).toEqual([key, language, []]);
      }
      // A param neither language shows is a value the reader never sees.
      const shown = new Set([...templatePlaceholders(zhText), ...templatePlaceholders(enText)]);
      expect([key, params.filter((p) => !shown.has(p))]).toEqual([key, []]);
    }
  });

  test('the English of a problem is the sentence the server sends, and the Chinese fills in its values', async () => {
    const [problem] = validateStepConfig(defaultStepConfig({ timeLimitDays: 10, statutoryLimitDays: 5 }));
    expect(problem.rule).toBe('STATUTORY_LIMIT_SHORTER');
    // The web passes params as i18next's `replace`, so no param is ever read as an option.
    const translate = async (language: 'zh' | 'en') => {
      const instance = i18next.createInstance();
      await instance.init({ resources: RESOURCES, lng: language, interpolation: { escapeValue: false } });
      return instance.t(`problems.${problem.rule}`, { replace: problem.params });
    };
    expect(await translate('en')).toBe(problem.message);
    expect(await translate('zh')).toBe('法定时限（5）不能短于承诺时限（10）');
  });

  test('every message key the screens use exists', () => {
    const used = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (path.endsWith('.tsx')) {
          // Literal keys only: t('apply.review'); keys built at run time are covered by the groups above.
          for (const match of readFileSync(path, 'utf8').matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z_.]+)'/g))
            used.add(match[1]);
        }
      }
    };
    walk(join(__dirname, '../../apps/web/src'));
    expect(used.size).toBeGreaterThan(20);
    for (const key of used) expect([key, has(zh, key), has(en, key)]).toEqual([key, true, true]);
  });
});
