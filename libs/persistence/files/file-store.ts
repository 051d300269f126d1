import type { Readable } from 'node:stream';

/**
 * Where the bytes of uploaded files live, under ids the system generated (never a name or path
 * from a client). The database holds what is known about each file; a store only keeps bytes.
 *
 * The local directory (LocalFileStore) is the default. An S3-compatible object store fits behind
 * the same four methods: `put` is a PutObject (or a multipart upload) of the stream under key
 * `id`, resolved once the store acknowledged it; `get` a GetObject body; `delete` a DeleteObject;
 * `listOlderThan` a ListObjectsV2 filtered by LastModified.
 */
export interface FileStore {
  /** Stores the bytes under `id`; resolves only once they are durable. Ids are fresh, never reused. */
  put(id: string, content: Readable): Promise<void>;
  /** The bytes stored under `id`, or null when there are none. */
  get(id: string): Promise<Readable | null>;
  /** Removes the bytes under `id`; nothing stored is not an error. */
  delete(id: string): Promise<void>;
  /** Ids of bytes stored before `before`, for the sweep of bytes whose database row was never written. */
  listOlderThan(before: Date): AsyncIterable<string>;
}

/** Store ids are UUIDs; anything else is refused before it comes near a path or key. */
export const FILE_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function assertFileId(id: string): void {
  if (!FILE_ID_PATTERN.test(id)) throw new Error(`not a file id: ${JSON.stringify(id)}`);
}
