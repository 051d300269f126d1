/** What a department asks for and promises on one step. Owned by that department's CIO. */
export interface MaterialRequirement {
  code: string;
  name: string;
  kind: 'core' | 'non-core';
  description?: string;
  fileTypes?: string[];
  maxBytes?: number;
}

export type FieldType = 'text' | 'number' | 'date' | 'enum' | 'boolean' | 'address' | 'area_m2' | 'money';

export interface FormField {
  key: string;
  label: { zh: string; en: string };
  type: FieldType;
  required: boolean;
  rules?: { min?: number; max?: number; pattern?: string; options?: string[] };
}

export type Condition =
  | { field: string; op: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in'; value: unknown }
  | { all: Condition[] }
  | { any: Condition[] };

export type TimeoutPolicy = 'escalate' | 'deemed_approval';

export interface StepConfig {
  /** Promised time limit (承诺时限) in working days. */
  timeLimitDays: number;
  statutoryLimitDays?: number;
  materials: MaterialRequirement[];
  fields: FormField[];
  handling: { group?: string; reviewers: number };
  timeoutPolicy: TimeoutPolicy;
  pledge: { allowed: boolean; postCheckRate: number };
  deferrable: { allowed: boolean; supplyWithinDays: number };
  includeWhen?: Condition;
}

export function defaultStepConfig(overrides: Partial<StepConfig> = {}): StepConfig {
  return {
    timeLimitDays: 5,
    materials: [],
    fields: [],
    handling: { reviewers: 1 },
    timeoutPolicy: 'escalate',
    pledge: { allowed: false, postCheckRate: 0 },
    deferrable: { allowed: false, supplyWithinDays: 0 },
    ...overrides,
  };
}
