/** A JSON value as `path → value` pairs (`fields[0].key`), for listing what changed between two. */
export function flatten(value: unknown, prefix = '', into: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0 && prefix) into.set(prefix, []);
    value.forEach((item, index) => flatten(item, `${prefix}[${index}]`, into));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) into.set(prefix, {});
    for (const [key, item] of entries) flatten(item, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix) {
    into.set(prefix, value);
  }
  return into;
}

export interface Difference {
  path: string;
  before: unknown;
  after: unknown;
}

/** The paths whose values differ between two JSON values. */
export function differences(before: unknown, after: unknown): Difference[] {
  const a = flatten(before);
  const b = flatten(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths
    .filter((path) => JSON.stringify(a.get(path) ?? null) !== JSON.stringify(b.get(path) ?? null))
    .map((path) => ({ path, before: a.get(path), after: b.get(path) }));
}

/** A value as short text for a table cell. */
export function show(value: unknown): string {
  if (value === undefined || value === null) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
