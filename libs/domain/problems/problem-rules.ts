/**
 * Every rule a validation problem can name, with the values its sentence takes and its English
 * sentence. A problem carries the rule and its params beside the English `message` built here, so an
 * API client or a log reads the sentence while the web shows the same facts in the user's language
 * (`problems.<rule>` in the web's messages: the English there is this table, the Chinese sits beside
 * the other Chinese messages). Placeholders are `{{name}}`, as i18next writes them.
 *
 * Rules are shared where the sentence is the same ("must not be blank" for any blank name), and apart
 * where the reader must act differently. Request rules (400) come from the gateway's checks of the
 * request's shape; the others from the domain's rules (422, or a saved draft's open problems).
 */
export const PROBLEM_RULES = {
  // Shared by several checks.
  NOT_BLANK: { params: [], en: 'must not be blank' },
  KEY_FORMAT: {
    params: ['key'],
    en: '"{{key}}" must start with a lowercase letter and use only a-z, 0-9, "_" or "-" (max 63)',
  },
  DUPLICATE_ENTRY: { params: ['value'], en: '"{{value}}" is listed twice' },
  LENGTH_OUT_OF_RANGE: { params: ['min', 'max'], en: 'must be {{min}} to {{max}} characters' },

  // The route (coordinating CIO).
  ROUTE_EMPTY: { params: [], en: 'a route needs at least one step' },
  DUPLICATE_STEP_KEY: { params: ['key', 'first'], en: 'duplicate step key "{{key}}" (also {{first}})' },
  STEP_AFTER_ITSELF: { params: ['step'], en: 'step "{{step}}" cannot come after itself' },
  UNKNOWN_STEP: { params: ['step'], en: 'unknown step "{{step}}"' },
  ROUTE_CYCLE: { params: ['cycle'], en: 'the route has a cycle: {{cycle}}' },
  UNKNOWN_DEPARTMENT: { params: ['department'], en: 'department "{{department}}" does not exist' },
  OVERALL_LIMIT_TOO_SHORT: { params: ['min'], en: 'must be a whole number of working days, {{min}} or more' },
  STEP_NOT_CONFIGURED: {
    params: ['step', 'department'],
    en: 'step "{{step}}" is not configured yet; the CIO of department "{{department}}" must configure it',
  },
  PATH_EXCEEDS_OVERALL_LIMIT: {
    params: ['path', 'days', 'limit'],
    en: '{{path}} takes {{days}} working days, more than the overall limit of {{limit}}',
  },

  // A step config (department CIO).
  WORKING_DAYS_OUT_OF_RANGE: {
    params: ['min', 'max'],
    en: 'must be a whole number of working days from {{min}} to {{max}}',
  },
  STATUTORY_LIMIT_SHORTER: {
    params: ['statutory', 'promised'],
    en: 'the statutory limit ({{statutory}}) cannot be shorter than the promised time limit ({{promised}})',
  },
  REVIEWERS_OUT_OF_RANGE: { params: ['min', 'max'], en: 'must be a whole number of reviewers from {{min}} to {{max}}' },
  HANDLING_GROUP_BLANK: { params: [], en: 'must not be blank (leave it out for the whole department)' },
  SHARE_OUT_OF_RANGE: { params: [], en: 'must be a share from 0 to 1' },
  SUPPLY_DEADLINE_REQUIRED: {
    params: ['max'],
    en: 'deferred materials need a supply deadline: a whole number of working days from 1 to {{max}}',
  },
  SUPPLEMENT_WINDOW_OUT_OF_RANGE: {
    params: ['max'],
    en: 'the collection window must be a whole number of working days from 1 to {{max}}',
  },
  SUPPLEMENT_ROUNDS_OUT_OF_RANGE: {
    params: ['max'],
    en: 'the supplement rounds cap must be a whole number from 1 to {{max}}',
  },
  WARNING_DAYS_OUT_OF_RANGE: {
    params: ['max'],
    en: 'must be a whole number of working days from 0 (no warning) to {{max}}',
  },
  WARNING_BEYOND_LIMIT: {
    params: ['days'],
    en: 'cannot be longer than the time limit itself ({{days}} working days)',
  },
  RED_CARD_ONLY_FOR_ESCALATE: {
    params: [],
    en: 'applies only to timeoutPolicy "escalate"; leave it out for deemed_approval',
  },
  CERTIFICATE_VALIDITY_EXACTLY_ONE: {
    params: [],
    en: 'give exactly one of validForYears or validForDays (leave certificate out for the default of 5 years)',
  },
  WHOLE_NUMBER_OUT_OF_RANGE: { params: ['min', 'max'], en: 'must be a whole number from {{min}} to {{max}}' },
  DUPLICATE_MATERIAL_CODE: { params: ['code', 'first'], en: 'duplicate material code "{{code}}" (also {{first}})' },
  MAX_BYTES_NOT_POSITIVE: { params: [], en: 'must be a whole number of bytes greater than 0' },
  FIELD_KEY_FORMAT: {
    params: ['key'],
    en: '"{{key}}" must start with a lowercase letter and use only a-z, 0-9 or "_" (max 63)',
  },
  DUPLICATE_FIELD_KEY: { params: ['key', 'first'], en: 'duplicate field key "{{key}}" (also {{first}})' },
  LABEL_ZH_BLANK: { params: [], en: 'the Chinese label must not be blank' },
  LABEL_EN_BLANK: { params: [], en: 'the English label must not be blank' },
  ENUM_NEEDS_OPTIONS: { params: [], en: 'an enum field needs at least one option' },
  DUPLICATE_OPTION: { params: ['option'], en: 'option "{{option}}" is listed twice' },
  OPTIONS_ONLY_FOR_ENUM: {
    params: ['field', 'type'],
    en: 'options apply only to enum fields; "{{field}}" is {{type}}',
  },
  BOUNDS_NOT_APPLICABLE: {
    params: ['field', 'type'],
    en: 'min and max apply to number, area, money (value) and text, address (length) fields; "{{field}}" is {{type}}',
  },
  LENGTH_BOUND_NOT_WHOLE: { params: [], en: 'a length bound must be a whole number, 0 or more' },
  MIN_ABOVE_MAX: { params: ['min', 'max'], en: 'min ({{min}}) is greater than max ({{max}})' },
  PATTERN_NOT_APPLICABLE: {
    params: ['field', 'type'],
    en: 'a pattern applies only to text and address fields; "{{field}}" is {{type}}',
  },
  PATTERN_INVALID: { params: ['error'], en: 'is not a valid regular expression: {{error}}' },
  FIELD_DEFINED_DIFFERENTLY: {
    params: ['field', 'first', 'step'],
    en: 'field "{{field}}" is defined differently by steps "{{first}}" and "{{step}}" (type, label and rules must match)',
  },
  MATERIAL_DEFINED_DIFFERENTLY: {
    params: ['material', 'first', 'step'],
    en: 'material "{{material}}" is defined differently by steps "{{first}}" and "{{step}}" (kind, file types and size limit must match)',
  },

  // Include conditions.
  CONDITION_TOO_DEEP: { params: ['max'], en: 'conditions may nest at most {{max}} levels' },
  CONDITION_NOT_OBJECT: { params: [], en: 'a condition must be an object' },
  CONDITION_GROUP_NOT_ALONE: { params: ['group'], en: '"{{group}}" must be the only key of its condition' },
  CONDITION_GROUP_EMPTY: { params: [], en: 'must be a non-empty list of conditions' },
  CONDITION_UNKNOWN_KEYS: { params: ['keys'], en: 'unknown key(s) {{keys}}' },
  CONDITION_FIELD_MISSING: { params: [], en: 'must name a form field' },
  CONDITION_UNKNOWN_FIELD: { params: ['field'], en: 'no form field "{{field}}" in this service' },
  CONDITION_UNKNOWN_OPERATOR: { params: ['operators'], en: 'must be one of {{operators}}' },
  CONDITION_OPERATOR_NEEDS_ORDER: {
    params: ['op', 'field', 'type'],
    en: '"{{op}}" needs a number, area, money or date field; "{{field}}" is {{type}}',
  },
  CONDITION_IN_NEEDS_VALUES: { params: [], en: '"in" needs a non-empty list of values' },
  CONDITION_VALUE_NOT_NUMBER: { params: ['field'], en: 'must be a number for field "{{field}}"' },
  CONDITION_VALUE_NOT_BOOLEAN: { params: ['field'], en: 'must be true or false for field "{{field}}"' },
  CONDITION_VALUE_NOT_DATE: { params: ['field'], en: 'must be a date (YYYY-MM-DD) for field "{{field}}"' },
  CONDITION_VALUE_NOT_STRING: { params: ['field'], en: 'must be a string for field "{{field}}"' },
  CONDITION_VALUE_NOT_OPTION: {
    params: ['field', 'options'],
    en: 'must be one of {{options}} for field "{{field}}"',
  },

  // A filing (applicant). Labels come in both languages: each language names the field in its own.
  NO_APPLICABLE_STEP: { params: [], en: 'no step of this service applies to this form' },
  FORM_FIELD_REQUIRED: { params: ['labelEn', 'labelZh'], en: '"{{labelEn}}" ({{labelZh}}) is required' },
  FORM_VALUE_NOT_NUMBER: { params: ['labelEn', 'labelZh'], en: '"{{labelEn}}" must be a number' },
  FORM_VALUE_NEGATIVE: { params: ['labelEn', 'labelZh'], en: '"{{labelEn}}" must not be negative' },
  FORM_VALUE_BELOW_MIN: { params: ['labelEn', 'labelZh', 'min'], en: '"{{labelEn}}" must be at least {{min}}' },
  FORM_VALUE_ABOVE_MAX: { params: ['labelEn', 'labelZh', 'max'], en: '"{{labelEn}}" must be at most {{max}}' },
  FORM_VALUE_NOT_BOOLEAN: { params: ['labelEn', 'labelZh'], en: '"{{labelEn}}" must be true or false' },
  FORM_VALUE_NOT_STRING: { params: ['labelEn', 'labelZh'], en: '"{{labelEn}}" must be a string' },
  FORM_VALUE_NOT_DATE: { params: ['labelEn', 'labelZh'], en: '"{{labelEn}}" must be a date (YYYY-MM-DD)' },
  FORM_VALUE_NOT_OPTION: {
    params: ['labelEn', 'labelZh', 'options'],
    en: '"{{labelEn}}" must be one of {{options}}',
  },
  FORM_VALUE_TOO_SHORT: {
    params: ['labelEn', 'labelZh', 'min'],
    en: '"{{labelEn}}" must be at least {{min}} characters',
  },
  FORM_VALUE_TOO_LONG: {
    params: ['labelEn', 'labelZh', 'max'],
    en: '"{{labelEn}}" must be at most {{max}} characters',
  },
  FORM_VALUE_PATTERN_MISMATCH: {
    params: ['labelEn', 'labelZh', 'pattern'],
    en: '"{{labelEn}}" must match the pattern {{pattern}}',
  },
  UNKNOWN_FORM_FIELD: { params: ['key'], en: '"{{key}}" is not a field of this service' },
  UNKNOWN_MATERIAL: { params: ['code'], en: '"{{code}}" is not a material of this service' },
  MATERIAL_FILED_TWICE: { params: ['code'], en: '"{{code}}" is filed twice; upload each material once' },
  MATERIAL_CONTENT_MISSING: { params: [], en: 'needs a fileId or content' },
  CORE_MATERIAL_MISSING: {
    params: ['code', 'name', 'steps'],
    en: 'core material "{{code}}" ({{name}}) is required by step {{steps}}',
  },
  OUTCOME_NOT_FOR_TASK_KIND: {
    params: ['kind', 'allowed'],
    en: 'does not apply to a {{kind}} task; it takes {{allowed}}',
  },
  PLEDGE_NOT_TRUE: { params: [], en: 'a pledge is given with true; leave the step out to not pledge' },
  PLEDGE_UNKNOWN_STEP: { params: ['step'], en: '"{{step}}" is not a step of this service' },
  PLEDGE_NOT_ALLOWED: { params: ['step'], en: 'step "{{step}}" does not allow approval on pledge (告知承诺)' },
  PLEDGE_STEP_NOT_APPLICABLE: {
    params: ['step'],
    en: 'step "{{step}}" does not apply to this form, so there is nothing to pledge',
  },
  PLEDGE_WITH_DEFERRED_MATERIAL: {
    params: ['step', 'codes'],
    en: 'step "{{step}}" approves at once on a pledge, so it cannot wait for the deferred material(s) {{codes}}: supply them or do not pledge',
  },

  // Deferred materials (容缺受理) named at filing, and supplied later.
  DEFERRED_MATERIAL_CORE: {
    params: ['code', 'name'],
    en: '"{{code}}" ({{name}}) is a core material: it must be filed and cannot be deferred',
  },
  DEFERRAL_NOT_ALLOWED: {
    params: ['code', 'steps'],
    en: 'step {{steps}} needs "{{code}}" and does not allow supplying it later (deferrable.allowed is false)',
  },
  DEFERRED_MATERIAL_ALSO_FILED: {
    params: ['code'],
    en: '"{{code}}" is filed in materials; a material is either filed or deferred, not both',
  },
  DEFERRED_MATERIAL_NOT_NEEDED: {
    params: ['code'],
    en: 'no step that applies to this form needs "{{code}}"; leave it out',
  },
  MATERIAL_NOT_DEFERRED: {
    params: ['code'],
    en: '"{{code}}" was not deferred at filing on this application; only deferred materials are supplied here',
  },

  // An uploaded file (POST /api/files), and a file a filing refers to.
  FILE_EMPTY: { params: [], en: 'the file is empty (0 bytes)' },
  FILE_TOO_LARGE: { params: ['max'], en: 'the file is larger than {{max}} bytes allowed for it' },
  FILE_TYPE_NOT_ALLOWED: {
    params: ['detected', 'allowed'],
    en: 'the file’s content is {{detected}}; this material accepts {{allowed}}',
  },
  FILE_NAME_INVALID: {
    params: [],
    en: 'must be a plain file name: no "/", "\\", "..", control characters or drive letters, at most 255 bytes',
  },
  FILE_NOT_FOUND: { params: [], en: 'no file with this id was uploaded by your enterprise' },

  // The shape of a request (400), checked by the gateway before any rule above.
  REQUIRED: { params: [], en: 'is required' },
  UNKNOWN_PROPERTY: { params: [], en: 'is not a property of this request' },
  NOT_STRING: { params: [], en: 'must be a string' },
  NOT_INTEGER: { params: [], en: 'must be a whole number' },
  NOT_NUMBER: { params: [], en: 'must be a number' },
  NOT_BOOLEAN: { params: [], en: 'must be true or false' },
  NOT_LIST: { params: [], en: 'must be a list' },
  NOT_OBJECT: { params: [], en: 'must be an object' },
  NOT_ONE_OF: { params: ['values'], en: 'must be one of {{values}}' },
  BELOW_MIN: { params: ['min'], en: 'must be at least {{min}}' },
  ABOVE_MAX: { params: ['max'], en: 'must be at most {{max}}' },
  TOO_LONG: { params: ['max'], en: 'must be at most {{max}} characters' },
  TOO_MANY_ITEMS: { params: ['max'], en: 'must have at most {{max}} items' },
  PATTERN_MISMATCH: { params: ['pattern'], en: 'must match the pattern {{pattern}}' },
  NOT_UUID: { params: [], en: 'must be a UUID' },
  NOT_CALENDAR_DATE: { params: [], en: 'must be a real calendar date written YYYY-MM-DD, e.g. 2026-10-01' },
  NOT_INSTANT: { params: [], en: 'must be an ISO-8601 time, e.g. 2026-09-30T10:00:00+08:00' },
  INSTANT_WITHOUT_OFFSET: {
    params: [],
    en: 'must be an ISO-8601 time with a UTC offset or Z, e.g. 2026-09-30T10:00:00+08:00 (in a URL, write + as %2B)',
  },
  NOT_BOOLEAN_RECORD: {
    params: ['max'],
    en: 'must be an object of at most {{max}} keys whose values are true or false',
  },
  SERVICE_CODE_FORMAT: {
    params: [],
    en: 'must start with a lowercase letter and use only a-z, 0-9 and "-" (2 to 64 characters)',
  },
  REVISION_FORMAT: { params: [], en: 'must be one revision, e.g. "3" (the ETag or revision you read)' },
  WINDOW_NOT_FORWARD: { params: ['from'], en: 'must be later than from ({{from}})' },
  WINDOW_TOO_LONG: { params: ['max'], en: 'must be at most {{max}} days after from' },
  CURSOR_INVALID: { params: [], en: 'is not a value returned as nextCursor by this endpoint' },
  ONLY_WITH_FORMAT: { params: ['format'], en: 'applies only with format={{format}}' },
  NOT_WITH_FORMAT: {
    params: ['format'],
    en: 'is for the JSON pages; with format={{format}} the download holds every row',
  },
  NO_EARLIER_VERSION: { params: [], en: 'version 1 has no earlier version; name one with ?against=' },
  REQUIRED_FOR_OUTCOME: { params: ['outcome'], en: 'is required to {{outcome}}' },
  PAUSE_REASON_REQUIRED: { params: ['reasons'], en: 'is required to pause: {{reasons}}' },
  NOT_FOR_OUTCOME: { params: ['usedWith'], en: 'is only for {{usedWith}}' },
  SUPPLEMENT_MATERIAL_MISSING: { params: [], en: 'a material item needs materialCode' },
  SUPPLEMENT_FIELD_MISSING: { params: [], en: 'a field item needs fieldKey' },
  SUPPLEMENT_UNKNOWN_MATERIAL: {
    params: ['code', 'service', 'version'],
    en: '"{{code}}" is not a material of {{service}} v{{version}}',
  },
  SUPPLEMENT_UNKNOWN_FIELD: {
    params: ['key', 'service', 'version'],
    en: '"{{key}}" is not a form field of {{service}} v{{version}}',
  },
  SUPPLEMENT_ITEMS_REQUIRED: {
    params: [],
    en: 'a supplement request lists at least one item: what is missing (material, field or other) and why',
  },
  SUPPLEMENT_MATERIAL_NOT_OF_STEP: {
    params: ['code', 'step'],
    en: '"{{code}}" is not a material step "{{step}}" asks for',
  },
  SUPPLEMENT_FIELD_NOT_OF_STEP: {
    params: ['key', 'step'],
    en: '"{{key}}" is not a form field step "{{step}}" asks for',
  },
  FIELD_NOT_ASKED: {
    params: ['key'],
    en: 'the notice does not ask for "{{key}}"; only the fields it lists can change',
  },
  MATERIAL_NOT_ASKED: { params: ['code'], en: 'the notice does not ask for the material "{{code}}"' },
  NOTE_REQUIRED_FOR_OTHER_ITEMS: { params: [], en: 'the notice lists other items; answer them in the note' },
  NOTICE_ID_REQUIRED: { params: [], en: 'is required to answer with form values or materials' },
  OFFICER_NOT_IN_DEPARTMENT: {
    params: ['username', 'department'],
    en: 'there is no active officer "{{username}}" in department {{department}}',
  },
  OFFICER_NOT_IN_GROUP: {
    params: ['username', 'group'],
    en: 'the step is handled by the staff group "{{group}}", which {{username}} is not in',
  },
  OFFICER_ALREADY_APPROVED: {
    params: ['username'],
    en: '{{username}} already approved this round; the step needs another reviewer',
  },
  THRESHOLD_FRACTION: { params: [], en: 'must be a fraction greater than 0 and at most 1 (0.1 = 10 %), or null' },
  THRESHOLD_COUNT: { params: [], en: 'must be a whole number, 0 or more, or null' },
  THRESHOLD_NONE_GIVEN: { params: [], en: 'give breachRate or overdueOpen (null clears a rule)' },
  /** A request check the gateway has no rule for yet; its message is the validator's own. */
  INVALID_VALUE: { params: [], en: 'is not valid' },
} as const satisfies Record<string, { params: readonly string[]; en: string }>;

export type ProblemRule = keyof typeof PROBLEM_RULES;

export const PROBLEM_RULE_CODES = Object.keys(PROBLEM_RULES) as ProblemRule[];

/** The values one rule's sentence takes: numbers stay numbers, lists arrive joined. */
export type ProblemParams<R extends ProblemRule> = {
  readonly [P in (typeof PROBLEM_RULES)[R]['params'][number]]: string | number;
};

/** Rules whose sentence takes no value (the gateway attaches these to request checks by name). */
export type PlainProblemRule = {
  [R in ProblemRule]: (typeof PROBLEM_RULES)[R]['params'] extends readonly [] ? R : never;
}[ProblemRule];

/** What a problem says, whatever it is about: a rule, its values, and the sentence in English. */
export type RuleProblem = {
  [R in ProblemRule]: { rule: R; params: ProblemParams<R>; message: string };
}[ProblemRule];

/** A problem located in a document: `steps.health-permit.config.fields[0].key`, `form.shop_name` … */
export type ValidationProblem = RuleProblem & {
  /** Where the problem is, e.g. `steps[2].after[0]`. */
  path: string;
};

/** Placeholders of a template, in order of appearance. */
export function templatePlaceholders(template: string): string[] {
  return [...template.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]);
}

/** `{{name}}` replaced by its value; the web's i18next reads the same templates. */
export function fillTemplate(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The problem a rule names, with its English sentence made from the table. */
export function describeProblem<R extends ProblemRule>(rule: R, params: ProblemParams<R>): RuleProblem {
  const values = params as Readonly<Record<string, string | number>>;
  // TypeScript cannot follow a generic R into the union of every rule's shape; the signature keeps
  // rule and params matched.
  return { rule, params, message: fillTemplate(PROBLEM_RULES[rule].en, values) } as RuleProblem;
}

/** The same, located at `path`. */
export function problemAt<R extends ProblemRule>(path: string, rule: R, params: ProblemParams<R>): ValidationProblem {
  return { path, ...describeProblem(rule, params) };
}

/** Keys of a list quoted and joined, as the sentences show them: `"a", "b"`. */
export function quotedList(values: readonly string[]): string {
  return values.map((value) => `"${value}"`).join(', ');
}
