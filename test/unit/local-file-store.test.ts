import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { LocalFileStore } from '../../libs/persistence/files/local-file-store';

/** The default file store on a real (temporary) directory. */
describe('the local file store', () => {
  let root: string;
  let store: LocalFileStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'onestop-store-'));
    store = new LocalFileStore(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  test('keeps bytes under their id and gives them back; delete removes them, twice is fine', async () => {
    const id = randomUUID();
    await store.put(id, Readable.from([Buffer.from('平面图 '), Buffer.from('v1')]));
    expect(await text((await store.get(id))!)).toBe('平面图 v1');
    // Nothing is left in the temporary directory once the write is in place.
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
    await store.delete(id);
    await store.delete(id);
    expect(await store.get(id)).toBeNull();
  });

  test('refuses anything but a generated id before it comes near a path', async () => {
    for (const id of ['../../etc/passwd', 'a/b', '', 'ABC']) {
      await expect(store.put(id, Readable.from([]))).rejects.toThrow(/not a file id/);
      await expect(store.get(id)).rejects.toThrow(/not a file id/);
      await expect(store.delete(id)).rejects.toThrow(/not a file id/);
    }
  });

  test('a write that fails leaves nothing under the id and no temporary file', async () => {
    const id = randomUUID();
    const failing = new Readable({
      read() {
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put(id, failing)).rejects.toThrow('client went away');
    expect(await store.get(id)).toBeNull();
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  test('lists stored ids older than a time, and sweeps old temporary files left by a crash', async () => {
    const old = randomUUID();
    const fresh = randomUUID();
    await store.put(old, Readable.from([Buffer.from('old')]));
    await store.put(fresh, Readable.from([Buffer.from('fresh')]));
    const longAgo = new Date('2026-01-01T00:00:00Z');
    await utimes(join(root, 'blobs', old.slice(0, 2), old), longAgo, longAgo);
    await mkdir(join(root, 'tmp'), { recursive: true });
    await writeFile(join(root, 'tmp', `${old}.interrupted`), 'half');
    await utimes(join(root, 'tmp', `${old}.interrupted`), longAgo, longAgo);
    await writeFile(join(root, 'tmp', `${fresh}.in-progress`), 'writing');

    const cutoff = new Date('2026-06-01T00:00:00Z');
    const listed: string[] = [];
    for await (const id of store.listOlderThan(cutoff)) listed.push(id);
    expect(listed).toEqual([old]);
    expect(await store.sweepTemporary(cutoff)).toBe(1);
    expect(await readdir(join(root, 'tmp'))).toEqual([`${fresh}.in-progress`]);
  });
});
