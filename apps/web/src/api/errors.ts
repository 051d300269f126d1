import type { TFunction } from 'i18next';
import { ApiError } from './client';

/**
 * One problem the API reports: where (`path` of a 422, `field` of a 400, as one `path`), which rule
 * with which values, and the server's English sentence for rules this build does not know yet.
 */
export interface Problem {
  path: string;
  rule?: string;
  params?: Readonly<Record<string, string | number>>;
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The problems an error names, each at its field or path (400 and 422 details). */
export function fieldProblems(error: unknown): Problem[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return (error.details as unknown[]).flatMap((d) => {
    if (!isRecord(d) || typeof d.message !== 'string') return [];
    const where = typeof d.path === 'string' ? d.path : typeof d.field === 'string' ? d.field : '';
    return [
      {
        path: where,
        message: d.message,
        ...(typeof d.rule === 'string' ? { rule: d.rule } : {}),
        ...(isRecord(d.params) ? { params: d.params as Problem['params'] } : {}),
      },
    ];
  });
}

/**
 * The one place where a validation problem becomes a sentence in the user's language: the rule's
 * message (`problems.<rule>`) with its params; a rule this build does not know falls back to the
 * server's English sentence.
 */
export function problemMessage(t: TFunction, problem: Problem): string {
  if (!problem.rule) return problem.message;
  // Params go in as `replace`, so a param can never be read as an i18next option (count, lng …).
  const translated = t(`problems.${problem.rule}`, { replace: problem.params ?? {}, defaultValue: '' });
  return translated || problem.message;
}

/**
 * The one place where a failure becomes words in the user's language: the error code's message,
 * with the fields a validation failure names; unknown codes fall back to the server's message.
 */
export function errorMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.unknown', { errorId: '—' });
  if (error.code === 'NETWORK') return t('errors.network');
  if (error.code === 'INTERNAL' && error.errorId) return t('errors.unknown', { errorId: error.errorId });
  const key = `errors.${error.code}`;
  const fields = fieldProblems(error)
    .map((p) => p.path)
    .filter(Boolean)
    .join(', ');
  const translated = t(key, { fields, defaultValue: '' });
  return translated || error.message;
}
