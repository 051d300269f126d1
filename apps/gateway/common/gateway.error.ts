import { CommonErrorCode, type FieldProblem } from './common.errors';
import type { ErrorCode } from './http-error.mapping';

/**
 * The one error type services throw to refuse a request. It carries a code, never an HTTP
 * status: the status comes from HTTP_ERROR_MAPPING, so the rules stay free of transport concerns.
 */
export class GatewayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export function validationFailed(problems: FieldProblem[]): GatewayError {
  const fields = [...new Set(problems.map((p) => p.field))].join(', ');
  return new GatewayError(CommonErrorCode.ValidationFailed, `Invalid request: ${fields}`, problems);
}
