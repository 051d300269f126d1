import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { FilesSweeper } from '../../apps/gateway/files/files.sweeper';
import { loadConfig, requireService } from '../../libs/config';
import { createDataSource } from '../../libs/persistence/data-source';
import { LocalFileStore } from '../../libs/persistence/files/local-file-store';
import { FileRepository } from '../../libs/persistence/repositories/file.repository';

const HOUR = 60 * 60 * 1000;

/**
 * What a crash between storing the bytes and committing the row leaves behind, and the sweep that
 * removes it: bytes without a row and received uploads go once they are an hour old; bytes with a row
 * stay, and so does anything younger (it may be an upload still in progress).
 */
describe('the sweep of leftover uploads (real Postgres, real directory)', () => {
  let dataSource: DataSource;
  let storeDir: string;
  let store: LocalFileStore;
  let files: FileRepository;
  let sweeper: FilesSweeper;
  let enterpriseId: string;

  beforeAll(async () => {
    dataSource = createDataSource(requireService(loadConfig().databaseUrl, 'DATABASE_URL'), 2);
    await dataSource.initialize();
    storeDir = await mkdtemp(join(tmpdir(), 'onestop-sweep-'));
    const config = loadConfig({ ...process.env, FILE_STORE_DIR: storeDir });
    store = new LocalFileStore(config.files.storeDir);
    files = new FileRepository(dataSource);
    sweeper = new FilesSweeper(config, store, files);
    const [enterprise] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO enterprises (name, credit_code) VALUES ($1, $2) RETURNING id`,
      ['清扫测试有限公司', `91${randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase()}`],
    );
    enterpriseId = enterprise.id;
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await rm(storeDir, { recursive: true, force: true });
  });

  async function storedWithRow(): Promise<string> {
    const id = randomUUID();
    await store.put(id, Readable.from([Buffer.from('kept')]));
    await files.insert({
      id,
      enterpriseId,
      uploadedBy: randomUUID(),
      name: 'kept.pdf',
      contentType: 'application/pdf',
      extension: 'pdf',
      size: 4,
      sha256: '0'.repeat(64),
      serviceCode: 'any',
      materialCode: 'any',
    });
    return id;
  }

  test('an hour later, bytes without a row and received uploads are gone; a file with its row is kept', async () => {
    const kept = await storedWithRow();
    const orphan = randomUUID();
    await store.put(orphan, Readable.from([Buffer.from('crashed before the row')]));
    await mkdir(join(storeDir, 'incoming'), { recursive: true });
    await writeFile(join(storeDir, 'incoming', 'a1b2c3'), 'received, never settled');

    // Nothing is an hour old yet: an upload in progress on another gateway is left alone.
    expect(await sweeper.sweep(new Date())).toBe(0);
    expect(await store.get(orphan)).not.toBeNull();

    expect(await sweeper.sweep(new Date(Date.now() + 2 * HOUR))).toBe(2);
    expect(await store.get(orphan)).toBeNull();
    expect(await readdir(join(storeDir, 'incoming'))).toEqual([]);
    expect(await store.get(kept)).not.toBeNull();
    expect((await files.existing([kept, orphan])).has(kept)).toBe(true);

    // A second pass finds nothing more to do.
    expect(await sweeper.sweep(new Date(Date.now() + 2 * HOUR))).toBe(0);
  });
});
