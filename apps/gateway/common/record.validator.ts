import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

const MAX_RECORD_KEYS = 200;

/** A plain object whose values are all booleans, e.g. pledges `{ "fire-safety": true }`. */
export function IsBooleanRecord(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBooleanRecord',
      // Read back by request-problems.ts, for the value in the translated sentence.
      constraints: [MAX_RECORD_KEYS],
      validator: {
        validate: (value: unknown): boolean =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= MAX_RECORD_KEYS &&
          Object.entries(value).every(([key, flag]) => key.length > 0 && key.length <= 64 && typeof flag === 'boolean'),
        defaultMessage: buildMessage(
          (eachPrefix) =>
            `${eachPrefix}$property must be an object of at most ${MAX_RECORD_KEYS} keys whose values are true or false`,
          options,
        ),
      },
    },
    options,
  );
}
