import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Config } from '../../../libs/config';
import type { FileStore } from '../../../libs/persistence/files/file-store';
import { LocalFileStore, sweepDirectory } from '../../../libs/persistence/files/local-file-store';
import { FileRepository } from '../../../libs/persistence/repositories/file.repository';
import { GATEWAY_CONFIG } from '../infrastructure/config.provider';
import { FILE_STORE, incomingDirectory } from './files.store';

/** Anything younger may belong to an upload still in progress on some gateway. */
const GRACE_MS = 60 * 60 * 1000;
const INTERVAL_MS = 60 * 60 * 1000;
const BATCH = 500;

/**
 * Removes what crashes leave behind: received uploads and temporary writes older than an hour, and
 * stored bytes whose row was never committed (the gateway stopped between the two). Runs at boot
 * and hourly; several gateways sweeping the same store only delete the same leftovers twice.
 */
@Injectable()
export class FilesSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FilesSweeper');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: Config,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly files: FileRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.sweepLogged();
    this.timer = setInterval(() => {
      this.running ??= this.sweepLogged().finally(() => (this.running = undefined));
    }, INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; returns how many leftovers were removed. */
  async sweep(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - GRACE_MS);
    let removed = await sweepDirectory(incomingDirectory(this.config), before);
    if (this.store instanceof LocalFileStore) removed += await this.store.sweepTemporary(before);
    let batch: string[] = [];
    const flush = async () => {
      const known = await this.files.existing(batch);
      for (const id of batch.filter((candidate) => !known.has(candidate))) {
        await this.store.delete(id);
        removed += 1;
      }
      batch = [];
    };
    for await (const id of this.store.listOlderThan(before)) {
      batch.push(id);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    return removed;
  }

  private async sweepLogged(): Promise<void> {
    try {
      const removed = await this.sweep();
      if (removed > 0) this.logger.log(`removed ${removed} leftover upload(s)`);
    } catch (error) {
      // The database may be down at boot; the next pass tries again.
      this.logger.warn(`sweep of leftover uploads failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
