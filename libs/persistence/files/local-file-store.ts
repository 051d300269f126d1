import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertFileId, FILE_ID_PATTERN, type FileStore } from './file-store';

/**
 * The default file store: a local directory (FILE_STORE_DIR). Bytes go to `tmp/` first and are
 * renamed into `blobs/<first two characters of the id>/<id>` after an fsync, and the directory is
 * synced after the rename, so a crash leaves either the whole file or nothing under its id (plus
 * perhaps a stray temporary file, which `sweepTemporary` removes). Several gateways on one host, or
 * on a shared file system, may use the same directory.
 */
export class LocalFileStore implements FileStore {
  private readonly blobs: string;
  private readonly tmp: string;

  constructor(readonly root: string) {
    this.blobs = join(root, 'blobs');
    this.tmp = join(root, 'tmp');
  }

  async put(id: string, content: Readable): Promise<void> {
    assertFileId(id);
    await mkdir(this.tmp, { recursive: true });
    const temporary = join(this.tmp, `${id}.${randomUUID()}`);
    try {
      await pipeline(content, createWriteStream(temporary, { flags: 'wx' }));
      const written = await open(temporary, 'r');
      try {
        await written.sync();
      } finally {
        await written.close();
      }
      const directory = this.directoryOf(id);
      await mkdir(directory, { recursive: true });
      await rename(temporary, join(directory, id));
      await syncDirectory(directory);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(id: string): Promise<Readable | null> {
    assertFileId(id);
    const path = join(this.directoryOf(id), id);
    try {
      // Opened before answering, so a missing file is "null" here rather than a stream error later.
      const handle = await open(path, 'r');
      return handle.createReadStream();
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(id: string): Promise<void> {
    assertFileId(id);
    await rm(join(this.directoryOf(id), id), { force: true });
  }

  async *listOlderThan(before: Date): AsyncIterable<string> {
    for (const shard of await entries(this.blobs)) {
      for (const name of await entries(join(this.blobs, shard))) {
        if (!FILE_ID_PATTERN.test(name)) continue;
        const info = await stat(join(this.blobs, shard, name)).catch(() => undefined);
        if (info && info.mtime < before) yield name;
      }
    }
  }

  /** Removes temporary files older than `before`: writes a crash interrupted. Returns how many. */
  sweepTemporary(before: Date): Promise<number> {
    return sweepDirectory(this.tmp, before);
  }

  private directoryOf(id: string): string {
    return join(this.blobs, id.slice(0, 2));
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function entries(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}

/** Removes the files directly in `directory` last modified before `before`; returns how many. */
export async function sweepDirectory(directory: string, before: Date): Promise<number> {
  let removed = 0;
  for (const name of await entries(directory)) {
    const path = join(directory, name);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile() && info.mtime < before) {
      await rm(path, { force: true });
      removed += 1;
    }
  }
  return removed;
}
