import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { requireService, type Config } from '../../../libs/config';
import { createDataSource } from '../../../libs/persistence/data-source';
import { GATEWAY_CONFIG } from './config.provider';

const RECONNECT_INTERVAL_MS = 5_000;

/**
 * Owns the TypeORM DataSource. The gateway boots even when Postgres is down (readiness reports it
 * and requests answer 503), and keeps trying to connect in the background until it succeeds.
 */
@Injectable()
export class DatabaseService implements OnModuleInit, OnApplicationShutdown {
  readonly dataSource: DataSource;
  private readonly logger = new Logger('Database');
  private initializing: Promise<boolean> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private shuttingDown = false;
  private lastFailure: string | undefined;

  constructor(@Inject(GATEWAY_CONFIG) config: Config) {
    this.dataSource = createDataSource(requireService(config.databaseUrl, 'DATABASE_URL'), config.databasePoolSize);
  }

  async onModuleInit(): Promise<void> {
    if (!(await this.ensureInitialized())) this.scheduleReconnect();
  }

  get isInitialized(): boolean {
    return this.dataSource.isInitialized;
  }

  /** Connects if not yet connected; concurrent callers share one attempt. */
  ensureInitialized(): Promise<boolean> {
    if (this.dataSource.isInitialized) return Promise.resolve(true);
    this.initializing ??= this.dataSource
      .initialize()
      .then(() => {
        this.logger.log(this.lastFailure ? 'Connected to Postgres (recovered)' : 'Connected to Postgres');
        this.lastFailure = undefined;
        return true;
      })
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        // Logged once per distinct reason, not on every retry.
        if (reason !== this.lastFailure) {
          this.logger.warn(`Postgres unavailable (${reason}); retrying every ${RECONNECT_INTERVAL_MS / 1000}s`);
        }
        this.lastFailure = reason;
        return false;
      })
      .finally(() => {
        this.initializing = undefined;
      });
    return this.initializing;
  }

  /** `SELECT 1` within the time limit; false on any failure. */
  async ping(timeoutMs: number): Promise<boolean> {
    const check = async (): Promise<boolean> => {
      if (!(await this.ensureInitialized())) return false;
      await this.dataSource.query('SELECT 1');
      return true;
    };
    return withTimeout(check(), timeoutMs).catch(() => false);
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    clearTimeout(this.reconnectTimer);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private scheduleReconnect(): void {
    if (this.shuttingDown) return;
    this.reconnectTimer = setTimeout(() => {
      void this.ensureInitialized().then((ok) => {
        if (!ok) this.scheduleReconnect();
      });
    }, RECONNECT_INTERVAL_MS);
    // A pending reconnect must not keep a stopping process alive.
    this.reconnectTimer.unref();
  }
}

/** Provides a repository from libs/persistence built on the gateway's DataSource. */
export function repositoryProvider<T>(repository: new (dataSource: DataSource) => T): Provider {
  return {
    provide: repository,
    useFactory: (database: DatabaseService) => new repository(database.dataSource),
    inject: [DatabaseService],
  };
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
