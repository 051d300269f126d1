import type { Connection } from '@temporalio/client';
import { status as grpcStatus } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import { APPLICATION_SEARCH_ATTRIBUTES } from '../domain';

const KEYWORD = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

/** `Name=Keyword` pairs, the form `temporal server start-dev --search-attribute` takes. */
export function searchAttributeFlags(): string[] {
  return Object.values(APPLICATION_SEARCH_ATTRIBUTES).map((key) => `${key.name}=Keyword`);
}

/** Registers the search attributes on a namespace of a real cluster; a no-op when they exist. */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = Object.values(APPLICATION_SEARCH_ATTRIBUTES).filter(
    (key) => !(key.name in (existing.customAttributes ?? {})),
  );
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, KEYWORD])),
    });
  } catch (error) {
    // Another process registered them between our list and add.
    if ((error as { code?: number }).code !== grpcStatus.ALREADY_EXISTS) throw error;
  }
}
