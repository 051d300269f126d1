import { join } from 'node:path';
import type { Provider } from '@nestjs/common';
import type { Config } from '../../../libs/config';
import type { FileStore } from '../../../libs/persistence/files/file-store';
import { LocalFileStore } from '../../../libs/persistence/files/local-file-store';
import { GATEWAY_CONFIG } from '../infrastructure/config.provider';

/** Injection token of the FileStore (an interface). Another store (S3-compatible) is provided here. */
export const FILE_STORE = Symbol('FILE_STORE');

export const fileStoreProvider: Provider = {
  provide: FILE_STORE,
  useFactory: (config: Config): FileStore => new LocalFileStore(config.files.storeDir),
  inject: [GATEWAY_CONFIG],
};

/**
 * Where multer writes an upload while it is checked, before the store gets it: a local directory
 * whatever the store is, emptied of anything a crash left behind by the sweeper.
 */
export function incomingDirectory(config: Config): string {
  return join(config.files.storeDir, 'incoming');
}
