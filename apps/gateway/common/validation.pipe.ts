import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldProblem } from './common.errors';
import { validationFailed } from './gateway.error';
import { requestProblem } from './request-problems';

/** Every failed constraint, as a rule with params, with nested properties as dotted paths (`materials.0.code`). */
export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      ...requestProblem(error, constraint, message),
    }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/**
 * Bodies, query strings and path parameters are validated against their DTO classes: unknown
 * properties are refused rather than silently dropped, so a client's typo is reported.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // The validated object is kept on each error so its decorators' arguments (the 20 of @Max(20))
    // can be read for the problem's params; it never leaves fieldProblems.
    validationError: { target: true, value: false },
    exceptionFactory: (errors: ValidationError[]) => validationFailed(fieldProblems(errors)),
  });
}
