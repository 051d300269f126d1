import { Logger, type ArgumentsHost } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { CommonErrorCode } from '../../apps/gateway/common/common.errors';
import { GatewayError } from '../../apps/gateway/common/gateway.error';
import { GlobalExceptionFilter, type ErrorBody } from '../../apps/gateway/common/global-exception.filter';
import { isMappedErrorCode } from '../../apps/gateway/common/http-error.mapping';
import type { DatabaseService } from '../../apps/gateway/infrastructure/database.service';
import { ServicesErrors } from '../../apps/gateway/services/services.errors';

/** Runs the filter on one thrown value, with the HTTP platform reduced to what it touches. */
function answerTo(exception: unknown): { status: number; body: ErrorBody } {
  let answer: { status: number; body: ErrorBody } | undefined;
  const adapterHost = {
    httpAdapter: {
      isHeadersSent: () => false,
      end: () => undefined,
      reply: (_response: unknown, body: ErrorBody, status: number) => {
        answer = { status, body };
      },
    },
  } as unknown as HttpAdapterHost;
  const database = { isInitialized: true } as DatabaseService;
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => ({ method: 'GET', url: '/api/test' }), getResponse: () => ({}) }),
  } as unknown as ArgumentsHost;

  new GlobalExceptionFilter(adapterHost, database).catch(exception, host);
  if (!answer) throw new Error('the filter sent no reply');
  return answer;
}

describe('error codes and HTTP statuses', () => {
  beforeEach(() => {
    // The filter logs every 500 with its stack; that is its job, not this test's output.
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  test('a code in the mapping is recognised, anything else is not', () => {
    expect(isMappedErrorCode(CommonErrorCode.ValidationFailed)).toBe(true);
    expect(isMappedErrorCode('NOT_A_CODE_OF_OURS')).toBe(false);
    // Only the table's own keys count, not what every object inherits.
    expect(isMappedErrorCode('toString')).toBe(false);
  });

  test('a GatewayError with a mapped code is answered with its status, code and details', () => {
    expect(answerTo(ServicesErrors.notFound('bakery'))).toEqual({
      status: 404,
      body: {
        code: 'SERVICE_NOT_FOUND',
        message: 'Service "bakery" does not exist',
        details: { serviceCode: 'bakery' },
      },
    });
  });

  test('a GatewayError with an unmapped code is an unknown error: 500 with an error id, never 400', () => {
    const { status, body } = answerTo(new GatewayError('NOT_A_CODE_OF_OURS', 'leaks nothing', { secret: 1 }));
    expect(status).toBe(500);
    expect(body).toEqual({
      code: CommonErrorCode.Internal,
      message: 'Unexpected error; quote the errorId when reporting it',
      errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });
});
