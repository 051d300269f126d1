import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { RequestWithIdentity } from '../auth/auth.types';
import { validationFailed } from '../common/gateway.error';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const MAX_LENGTH = 200;

/** The required Idempotency-Key header (1–200 visible characters); otherwise 400 naming the header. */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const value = context.switchToHttp().getRequest<RequestWithIdentity>().headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw validationFailed([
      { field: IDEMPOTENCY_KEY_HEADER, rule: 'required', message: `the ${IDEMPOTENCY_KEY_HEADER} header is required` },
    ]);
  }
  if (value.length > MAX_LENGTH) {
    throw validationFailed([
      {
        field: IDEMPOTENCY_KEY_HEADER,
        rule: 'maxLength',
        message: `the ${IDEMPOTENCY_KEY_HEADER} header must be at most ${MAX_LENGTH} characters`,
      },
    ]);
  }
  return value;
});
