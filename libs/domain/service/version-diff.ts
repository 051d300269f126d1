import type { ServiceVersionSnapshot, VersionedStep } from './service-version';

/** A value that changed; `null` stands for "absent" on that side. */
export interface ValueChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface StepConfigChange extends ValueChange {
  stepKey: string;
}

/** `from` must be approved before `to` starts. */
export interface RouteEdge {
  from: string;
  to: string;
}

export interface StepSummary {
  key: string;
  departmentCode: string;
  after: string[];
}

export interface VersionDiff {
  serviceCode: string;
  /** The version compared against (before). */
  from: number;
  /** The version shown (after). */
  to: number;
  /** Service-level changes: name, overall limit. */
  service: ValueChange[];
  steps: {
    added: StepSummary[];
    removed: StepSummary[];
    departmentChanged: { stepKey: string; before: string; after: string }[];
  };
  edges: { added: RouteEdge[]; removed: RouteEdge[] };
  /** Per-step config changes, for steps in both versions. */
  configChanges: StepConfigChange[];
}

/**
 * Arrays of named things are compared by name, not position, so reordering or inserting one
 * material does not read as every later material changing.
 */
const KEYED_ARRAYS: Readonly<Record<string, string>> = { materials: 'code', fields: 'key' };

/** What changed from `before` to `after`, in terms a CIO reads: route, steps, config values. */
export function diffVersions(before: ServiceVersionSnapshot, after: ServiceVersionSnapshot): VersionDiff {
  const service: ValueChange[] = [];
  diffValue(before.name, after.name, 'name', service);
  diffValue(before.overallLimitDays, after.overallLimitDays, 'overallLimitDays', service);

  const beforeSteps = new Map(before.steps.map((s) => [s.key, s]));
  const afterSteps = new Map(after.steps.map((s) => [s.key, s]));
  const summary = (s: VersionedStep): StepSummary => ({
    key: s.key,
    departmentCode: s.departmentCode,
    after: [...s.after],
  });

  const configChanges: StepConfigChange[] = [];
  const departmentChanged: VersionDiff['steps']['departmentChanged'] = [];
  for (const step of after.steps) {
    const earlier = beforeSteps.get(step.key);
    if (!earlier) continue;
    if (earlier.departmentCode !== step.departmentCode) {
      departmentChanged.push({ stepKey: step.key, before: earlier.departmentCode, after: step.departmentCode });
    }
    const changes: ValueChange[] = [];
    diffValue(earlier.config, step.config, '', changes);
    configChanges.push(...changes.map((c) => ({ stepKey: step.key, ...c })));
  }

  const edgesOf = (snapshot: ServiceVersionSnapshot): Map<string, RouteEdge> =>
    new Map(
      snapshot.steps.flatMap((s) =>
        s.after.map((from): [string, RouteEdge] => [`${from}\u0000${s.key}`, { from, to: s.key }]),
      ),
    );
  const beforeEdges = edgesOf(before);
  const afterEdges = edgesOf(after);

  return {
    serviceCode: after.serviceCode,
    from: before.version,
    to: after.version,
    service,
    steps: {
      added: after.steps.filter((s) => !beforeSteps.has(s.key)).map(summary),
      removed: before.steps.filter((s) => !afterSteps.has(s.key)).map(summary),
      departmentChanged,
    },
    edges: {
      added: [...afterEdges].filter(([id]) => !beforeEdges.has(id)).map(([, edge]) => edge),
      removed: [...beforeEdges].filter(([id]) => !afterEdges.has(id)).map(([, edge]) => edge),
    },
    configChanges,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function join(path: string, member: string): string {
  if (path === '') return member;
  return member.startsWith('[') ? `${path}${member}` : `${path}.${member}`;
}

function diffValue(before: unknown, after: unknown, path: string, out: ValueChange[]): void {
  if (canonical(before) === canonical(after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !(k in before))];
    for (const key of keys) diffValue(before[key], after[key], join(path, key), out);
    return;
  }
  const member = path.split('.').pop() ?? '';
  const idKey = KEYED_ARRAYS[member];
  if (idKey && Array.isArray(before) && Array.isArray(after)) {
    diffKeyedArray(before, after, idKey, path, out);
    return;
  }
  out.push({ path, before: before ?? null, after: after ?? null });
}

function diffKeyedArray(before: unknown[], after: unknown[], idKey: string, path: string, out: ValueChange[]): void {
  const idOf = (item: unknown): string | undefined => {
    const id = isPlainObject(item) ? item[idKey] : undefined;
    return typeof id === 'string' ? id : undefined;
  };
  const usable = (ids: (string | undefined)[]): boolean =>
    ids.every((id) => id !== undefined) && new Set(ids).size === ids.length;
  // Without a distinct name on every item, a comparison of the whole list is all that is honest.
  if (!usable(before.map(idOf)) || !usable(after.map(idOf))) {
    out.push({ path, before, after });
    return;
  }
  const beforeById = new Map(before.map((item) => [idOf(item) as string, item]));
  const afterById = new Map(after.map((item) => [idOf(item) as string, item]));
  for (const [id, item] of afterById) diffValue(beforeById.get(id), item, `${path}[${id}]`, out);
  for (const [id, item] of beforeById)
    if (!afterById.has(id)) out.push({ path: `${path}[${id}]`, before: item, after: null });
}
