import { HttpException, HttpStatus } from '@nestjs/common';
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  ApplicationFailure,
  isGrpcServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { QueryFailedError, TypeORMError } from 'typeorm';
import { APPLICATION_ERROR_CODES, ApplicationErrorCode } from '../../../libs/domain';
import { AuthErrorCode } from '../auth/auth.errors';
import { CommonErrorCode } from './common.errors';
import { GatewayError } from './gateway.error';

export interface ErrorContext {
  /** False while the gateway has not (yet) connected to Postgres since boot. */
  databaseInitialized: boolean;
}

/**
 * Turns what services, libraries and the platform throw into a GatewayError, or undefined when the
 * error is unexpected (the filter then answers 500 with an error id). Infrastructure failures are
 * recognised here so services do not wrap every call.
 */
export function classifyError(error: unknown, context: ErrorContext): GatewayError | undefined {
  if (error instanceof GatewayError) return error;
  return (
    fromWorkflowUpdate(error) ??
    fromTemporalTransport(error) ??
    fromDatabase(error, context) ??
    fromBodyParser(error) ??
    fromHttpException(error)
  );
}

function fromWorkflowUpdate(error: unknown): GatewayError | undefined {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const type = error.cause.type;
    if (type && APPLICATION_ERROR_CODES.has(type)) {
      const details = error.cause.details?.length ? error.cause.details : undefined;
      return new GatewayError(type, error.cause.message, details);
    }
  }
  if (error instanceof WorkflowNotFoundError) {
    // Updates to a workflow that has completed come back as NOT_FOUND.
    return new GatewayError(ApplicationErrorCode.ApplicationClosed, 'The application is no longer in progress', {
      workflowId: error.workflowId,
    });
  }
  return undefined;
}

const TEMPORAL_TRANSPORT_CODES: ReadonlySet<number> = new Set([GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED]);

function fromTemporalTransport(error: unknown): GatewayError | undefined {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new GatewayError(
      CommonErrorCode.TemporalUnavailable,
      'The workflow service did not confirm in time; the request may still take effect, check before retrying',
    );
  }
  const grpcFailure = causeChain(error).find((e) => isGrpcServiceError(e) && TEMPORAL_TRANSPORT_CODES.has(e.code));
  if (grpcFailure) {
    return new GatewayError(
      CommonErrorCode.TemporalUnavailable,
      'The workflow service (Temporal) is unreachable; try again shortly',
    );
  }
  return undefined;
}

/** Socket-level failures; only node-postgres opens plain TCP connections here (Temporal speaks gRPC). */
const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * SQLSTATE classes/codes meaning "no usable connection", not "bad query": connection exceptions,
 * server shutdown/startup, too many connections, and a database or login that does not (yet) exist.
 */
function isConnectionSqlState(code: string): boolean {
  return code.startsWith('08') || code.startsWith('28') || ['57P01', '57P02', '57P03', '53300', '3D000'].includes(code);
}

const CONNECTION_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /the database system is (starting up|shutting down)/i,
];

function fromDatabase(error: unknown, context: ErrorContext): GatewayError | undefined {
  const unavailable = causeChain(error).some((e) => {
    // Before the first successful connection TypeORM has no metadata and no pool, and every use
    // fails with some TypeORMError ("No metadata for …", "Driver not Connected").
    if (!context.databaseInitialized && e instanceof TypeORMError) return true;
    const code = stringProperty(e, 'code');
    if (code && NETWORK_ERROR_CODES.has(code)) return true;
    // Query errors carry the SQLSTATE on driverError; errors while connecting are raw pg errors.
    const sqlState =
      e instanceof QueryFailedError ? stringProperty(e.driverError, 'code') : isPgError(e) ? code : undefined;
    if (sqlState && isConnectionSqlState(sqlState)) return true;
    return (
      e instanceof Error &&
      (e.name === 'CannotExecuteNotConnectedError' || CONNECTION_MESSAGES.some((pattern) => pattern.test(e.message)))
    );
  });
  return unavailable
    ? new GatewayError(CommonErrorCode.DatabaseUnavailable, 'The database is unreachable; try again shortly')
    : undefined;
}

/** Express's body parser reports broken or oversized bodies with a `type` before Nest sees them. */
function fromBodyParser(error: unknown): GatewayError | undefined {
  const type = stringProperty(error, 'type');
  if (type === 'entity.parse.failed') {
    return new GatewayError(CommonErrorCode.MalformedRequest, 'The request body is not valid JSON');
  }
  if (type === 'entity.too.large') {
    return new GatewayError(CommonErrorCode.PayloadTooLarge, 'The request body is too large');
  }
  return undefined;
}

/** Exceptions Nest itself raises (unknown route, body parsing) get a code of ours. */
function fromHttpException(error: unknown): GatewayError | undefined {
  if (!(error instanceof HttpException)) return undefined;
  const status: HttpStatus = error.getStatus();
  switch (status) {
    case HttpStatus.NOT_FOUND:
      return new GatewayError(CommonErrorCode.RouteNotFound, error.message);
    case HttpStatus.BAD_REQUEST:
      return new GatewayError(CommonErrorCode.MalformedRequest, error.message);
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return new GatewayError(CommonErrorCode.PayloadTooLarge, error.message);
    case HttpStatus.UNAUTHORIZED:
      return new GatewayError(AuthErrorCode.Unauthenticated, error.message);
    case HttpStatus.TOO_MANY_REQUESTS:
      return new GatewayError(CommonErrorCode.TooManyRequests, 'Too many attempts; wait a minute and try again');
    default:
      return undefined;
  }
}

/** node-postgres' DatabaseError (raised while connecting, before TypeORM wraps anything). */
function isPgError(value: unknown): boolean {
  return value instanceof Error && value.name === 'error' && typeof stringProperty(value, 'severity') === 'string';
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  // Bounded: cause chains are short, and a cyclic one must not hang the error path.
  while (current !== undefined && current !== null && chain.length < 8) {
    chain.push(current);
    if (current instanceof AggregateError) chain.push(...(current.errors as unknown[]));
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

function stringProperty(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const property: unknown = (value as Record<string, unknown>)[key];
  return typeof property === 'string' ? property : undefined;
}
