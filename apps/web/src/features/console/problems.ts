import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { fieldProblems, problemMessage, type Problem } from '../../api/errors';

export type NamePath = (string | number)[];

/** `fields[0].key` → ['fields', 0, 'key'], after removing a prefix such as `steps.x.config.`. */
export function toNamePath(path: string, prefix = ''): NamePath {
  const rest = prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
  return rest
    .split(/\.|\[(\d+)\]/)
    .filter((part) => part !== undefined && part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export type { Problem };

/** The problems of a 400 (`field`) or 422 (`path`) answer, each with its location. */
export function problemsOf(error: unknown): Problem[] {
  return fieldProblems(error);
}

/**
 * Shows each problem of a refused save at the form field it names, in the user's language; returns
 * the problems that name no field of the form, to be shown above it.
 */
export function showProblemsAtFields(t: TFunction, form: FormInstance, error: unknown, prefix = ''): Problem[] {
  if (!(error instanceof ApiError)) return [];
  const registered = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const leftover: Problem[] = [];
  for (const problem of problemsOf(error)) {
    const name = toNamePath(problem.path, prefix);
    const id = JSON.stringify(name);
    if (!registered.has(id)) {
      leftover.push(problem);
      continue;
    }
    const entry = byField.get(id) ?? { name, errors: [] };
    entry.errors.push(problemMessage(t, problem));
    byField.set(id, entry);
  }
  form.setFields([...byField.values()].map(({ name, errors }) => ({ name, errors })));
  return leftover;
}
