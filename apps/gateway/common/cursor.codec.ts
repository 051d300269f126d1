import { isUUID } from 'class-validator';
import type { KeysetPosition } from '../../../libs/persistence/repositories/sql.helpers';
import { fieldProblem, validationFailed } from './gateway.error';

/**
 * Keyset positions travel to clients as opaque base64url strings, so the pagination key can change
 * without breaking them; a cursor that does not decode is the client's fault (400 naming `cursor`).
 */
export function encodeCursor(position: KeysetPosition | null): string | null {
  return position ? Buffer.from(JSON.stringify([position.at, position.id]), 'utf8').toString('base64url') : null;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function decodeCursor(cursor: string | undefined): KeysetPosition | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (
    Array.isArray(decoded) &&
    decoded.length === 2 &&
    typeof decoded[0] === 'string' &&
    TIMESTAMP.test(decoded[0]) &&
    typeof decoded[1] === 'string' &&
    isUUID(decoded[1])
  ) {
    return { at: decoded[0], id: decoded[1] };
  }
  throw validationFailed([fieldProblem('cursor', 'CURSOR_INVALID', {})]);
}
