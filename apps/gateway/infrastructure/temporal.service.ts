import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import type { Config } from '../../../libs/config';
import { GATEWAY_CONFIG } from './config.provider';
import { withTimeout } from './database.service';

/**
 * The Temporal client of the gateway. The connection is lazy so the gateway boots (and answers
 * 503 for workflow calls) while Temporal is down. Retries are fewer than the SDK default (10,
 * up to ~20 s) because an HTTP caller is waiting.
 */
@Injectable()
export class TemporalService implements OnApplicationShutdown {
  readonly connection: Connection;
  readonly client: Client;
  readonly taskQueue: string;

  constructor(@Inject(GATEWAY_CONFIG) config: Config) {
    this.connection = Connection.lazy({
      // Unset means the start command runs a local dev server on its configured port.
      address: config.temporal.address ?? `localhost:${config.local.temporalPort}`,
      interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 4 }))],
    });
    this.client = new Client({ connection: this.connection, namespace: config.temporal.namespace });
    this.taskQueue = config.temporal.taskQueue;
  }

  /** Runs Temporal calls with a deadline, so a stuck server or absent worker cannot hold a request forever. */
  withDeadline<T>(timeoutMs: number, call: () => Promise<T>): Promise<T> {
    return this.connection.withDeadline(Date.now() + timeoutMs, call);
  }

  async ping(timeoutMs: number): Promise<boolean> {
    const call = this.withDeadline(timeoutMs, () => this.connection.workflowService.getSystemInfo({}));
    return withTimeout(call, timeoutMs + 250).then(
      () => true,
      () => false,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
