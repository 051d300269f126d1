import type { CertificateConfig } from '../certificates/certificate-rules';

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

/**
 * The supervision ladder of a step: a warning `warnBeforeDays` working days before the limit (0: no
 * warning), and under `escalate` a yellow card at the limit and a red card `redAfterDays` after it.
 */
export interface SupervisionConfig {
  warnBeforeDays: number;
  redAfterDays: number;
}

export const DEFAULT_SUPERVISION: SupervisionConfig = { warnBeforeDays: 1, redAfterDays: 2 };

/** The step's supervision with the defaults filled in (versions published before it existed have none). */
export function supervisionOf(config: Pick<StepConfig, 'supervision'>): SupervisionConfig {
  return { ...DEFAULT_SUPERVISION, ...config.supervision };
}

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
  /** Absent: DEFAULT_SUPERVISION. */
  supervision?: Partial<SupervisionConfig>;
  /** The certificate the department issues when the case is approved. Absent: DEFAULT_CERTIFICATE_VALIDITY. */
  certificate?: CertificateConfig;
  /**
   * The consolidated supplement notice: `windowDays` working days a request of this step may wait
   * for other departments before the notice is issued; `maxRounds` supplement requests per case.
   * Absent: DEFAULT_SUPPLEMENT_POLICY (1 working day, 3 rounds).
   */
  supplement?: { windowDays?: number; maxRounds?: number };
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
