import type { TFunction } from 'i18next';
import { ApiError } from './client';

interface FieldProblem {
  field?: string;
  path?: string;
  message: string;
}

/** The problems an error names, each at its field or path (400 and 422 details). */
export function fieldProblems(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return (error.details as unknown[]).filter(
    (d): d is FieldProblem => typeof d === 'object' && d !== null && typeof (d as FieldProblem).message === 'string',
  );
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
    .map((p) => p.field ?? p.path)
    .filter(Boolean)
    .join(', ');
  const translated = t(key, { fields, defaultValue: '' });
  return translated || error.message;
}
