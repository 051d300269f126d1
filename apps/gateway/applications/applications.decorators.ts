import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { RequestWithIdentity } from '../auth/auth.types';
import { fieldProblem, validationFailed } from '../common/gateway.error';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const MAX_LENGTH = 200;

/** The required Idempotency-Key header (1–200 visible characters); otherwise 400 naming the header. */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const value = context.switchToHttp().getRequest<RequestWithIdentity>().headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw validationFailed([fieldProblem(IDEMPOTENCY_KEY_HEADER, 'REQUIRED', {})]);
  }
  if (value.length > MAX_LENGTH) {
    throw validationFailed([fieldProblem(IDEMPOTENCY_KEY_HEADER, 'TOO_LONG', { max: MAX_LENGTH })]);
  }
  return value;
});
