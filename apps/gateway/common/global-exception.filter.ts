import { randomUUID } from 'node:crypto';
import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DatabaseService } from '../infrastructure/database.service';
import { CommonErrorCode } from './common.errors';
import { classifyError } from './error.classifier';
import { httpStatusOf, isMappedErrorCode } from './http-error.mapping';

/** The body of every error response. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
  errorId?: string;
}

/** Renders every error as `{code, message, details?}`; anything unrecognised is a 500 with an id to quote. */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly database: DatabaseService,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request: { method?: string; url?: string } = http.getRequest();
    const where = `${request.method ?? '?'} ${request.url ?? '?'}`;

    const known = classifyError(exception, { databaseInitialized: this.database.isInitialized });
    let status: number;
    let body: ErrorBody;
    if (known && isMappedErrorCode(known.code)) {
      status = httpStatusOf(known.code);
      body = { code: known.code, message: known.message };
      if (known.details !== undefined) body.details = known.details;
      if (status >= 500) {
        // Infrastructure outages are expected operationally: one line, with the underlying reason.
        this.logger.warn(`${where} → ${status} ${known.code}: ${describe(exception)}`);
      }
    } else {
      const errorId = randomUUID();
      status = 500;
      body = {
        code: CommonErrorCode.Internal,
        message: 'Unexpected error; quote the errorId when reporting it',
        errorId,
      };
      // A code without a mapping is a bug on our side, so it is an unknown error, not the caller's fault.
      const unmapped = known ? ` (code ${known.code} has no HTTP status)` : '';
      this.logger.error(
        `${where} → 500 errorId=${errorId}: ${describe(exception)}${unmapped}`,
        exception instanceof Error ? exception.stack : undefined,
      );
    }

    const response: unknown = http.getResponse();
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.isHeadersSent(response)) {
      adapter.end(response);
      return;
    }
    adapter.reply(response, body, status);
  }
}

function describe(exception: unknown): string {
  if (!(exception instanceof Error)) return String(exception);
  const cause = exception.cause instanceof Error ? ` (cause: ${exception.cause.message})` : '';
  return `${exception.name}: ${exception.message}${cause}`;
}
