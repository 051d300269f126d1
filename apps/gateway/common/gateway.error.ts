import { describeProblem, type ProblemParams, type ProblemRule } from '../../../libs/domain';
import { CommonErrorCode, type FieldProblem } from './common.errors';

/**
 * The one error type services throw to refuse a request. It carries a code, never an HTTP
 * status: the status comes from HTTP_ERROR_MAPPING, so the rules stay free of transport concerns.
 *
 * The code is a plain string so that this file needs neither the mapping nor any feature's enum:
 * every feature's errors file imports it, and the mapping imports every feature. A code the mapping
 * does not know is answered as an unexpected error (500), never guessed at.
 */
export class GatewayError extends Error {
  constructor(
    readonly code: string,
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

/** A problem with one field, query parameter or header of the request. */
export function fieldProblem<R extends ProblemRule>(field: string, rule: R, params: ProblemParams<R>): FieldProblem {
  return { field, ...describeProblem(rule, params) };
}
