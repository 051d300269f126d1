import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';

/** A key or code the CIO types (step key, material code): required, lowercase letters, digits, "_" and "-". */
export function codeRules(t: TFunction): Rule[] {
  return [
    { required: true, message: t('console.steps.required') },
    { pattern: /^[a-z0-9_-]+$/, message: t('console.steps.keyPattern') },
  ];
}
