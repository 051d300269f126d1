import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { RequestWithIdentity } from '../auth/auth.types';
import { fieldProblem, validationFailed } from '../common/gateway.error';

export const IF_MATCH_HEADER = 'If-Match';
const REVISION = /^(?:"(\d{1,9})"|(\d{1,9}))$/;

/** `"3"` (an ETag as this API sends it) → 3; a bare `3` is accepted too. */
export function parseIfMatch(value: string): number | undefined {
  const match = REVISION.exec(value.trim());
  const digits = match?.[1] ?? match?.[2];
  return digits === undefined ? undefined : Number(digits);
}

/**
 * The revision an edit was based on, from If-Match; undefined when the header is absent (the
 * service answers 428, naming which revision to send). Anything but one revision is a 400: `*`
 * would skip the very check the header exists for.
 */
export const IfMatchRevision = createParamDecorator((_data: unknown, context: ExecutionContext): number | undefined => {
  const value = context.switchToHttp().getRequest<RequestWithIdentity>().headers[IF_MATCH_HEADER.toLowerCase()];
  if (value === undefined) return undefined;
  const revision = typeof value === 'string' ? parseIfMatch(value) : undefined;
  if (revision === undefined) {
    throw validationFailed([fieldProblem(IF_MATCH_HEADER, 'REVISION_FORMAT', {})]);
  }
  return revision;
});

/** The slice of the HTTP response needed to send an ETag while Nest still serializes the body. */
export interface HeaderSetter {
  setHeader(name: string, value: string): unknown;
}

export function etagOf(revision: number): string {
  return `"${revision}"`;
}
