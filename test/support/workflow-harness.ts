import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  bundleWorkflowCode,
  NativeConnection,
  type Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { compressedClockSource } from '../../activities/clock-sources';
import { createApplicationWorker } from '../../apps/worker/application-worker';
import { loadConfig, requireService } from '../../libs/config';
import {
  applicationWorkflowId,
  defaultStepConfig,
  type ApplicationWorkflowInput,
  type ServiceVersionSnapshot,
  type StepConfig,
} from '../../libs/domain';
import { createDataSource } from '../../libs/persistence/data-source';
import {
  ApplicationEntity,
  DepartmentEntity,
  EnterpriseEntity,
  ServiceEntity,
  ServiceVersionEntity,
} from '../../libs/persistence/entities';
import { applicationWorkflow } from '../../workflows/application.workflow';

let sharedBundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundling takes seconds; every worker in a test file shares one bundle. */
function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  sharedBundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger });
  return sharedBundle;
}
const quietLogger = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} };

/**
 * A real worker on its own task queue, against the test run's Temporal dev server and Postgres.
 * One "working day" lasts `secondsPerDay` seconds, so time limits can be tested in seconds.
 */
export class WorkflowHarness {
  readonly taskQueue = `test-${randomUUID()}`;
  dataSource!: DataSource;
  client!: Client;
  private nativeConnection!: NativeConnection;
  private connection!: Connection;
  private worker!: Worker;
  private running!: Promise<void>;
  private enterpriseId!: string;

  async start(secondsPerDay = 3600, options: { webhookUrl?: string } = {}): Promise<void> {
    const config = loadConfig();
    const address = requireService(config.temporal.address, 'TEMPORAL_ADDRESS');
    this.dataSource = createDataSource(requireService(config.databaseUrl, 'DATABASE_URL'), 4);
    await this.dataSource.initialize();
    this.connection = await Connection.connect({ address });
    this.client = new Client({ connection: this.connection, namespace: config.temporal.namespace });
    this.nativeConnection = await NativeConnection.connect({ address });
    this.worker = await createApplicationWorker({
      connection: this.nativeConnection,
      namespace: config.temporal.namespace,
      taskQueue: this.taskQueue,
      dataSource: this.dataSource,
      clock: compressedClockSource(secondsPerDay),
      ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
      workflowBundle: await workflowBundle(),
    });
    this.running = this.worker.run();
    await this.seedReferenceData();
  }

  async stop(): Promise<void> {
    this.worker.shutdown();
    await this.running;
    await this.nativeConnection.close();
    await this.connection.close();
    await this.dataSource.destroy();
  }

  /** A published service version with the given steps, each with its own config overrides. */
  async publish(
    steps: { key: string; departmentCode?: string; after?: string[]; config?: Partial<StepConfig> }[],
  ): Promise<ServiceVersionSnapshot> {
    const code = `svc-${randomUUID().slice(0, 8)}`;
    const snapshot: ServiceVersionSnapshot = {
      serviceCode: code,
      name: `Test service ${code}`,
      version: 1,
      overallLimitDays: 30,
      steps: steps.map((s) => ({
        key: s.key,
        departmentCode: s.departmentCode ?? 'market',
        after: s.after ?? [],
        config: defaultStepConfig(s.config),
      })),
    };
    await this.dataSource.getRepository(ServiceEntity).insert({ code, name: snapshot.name, publishedVersion: 1 });
    await this.dataSource.getRepository(ServiceVersionEntity).save(
      Object.assign(new ServiceVersionEntity(), {
        serviceCode: code,
        version: 1,
        snapshot,
        publishedAt: new Date(),
        publishedBy: 'test',
      }),
    );
    return snapshot;
  }

  /** Files an application the way the gateway does: the row first, then the workflow. */
  async file(
    version: ServiceVersionSnapshot,
    form: Record<string, unknown> = {},
  ): Promise<{ id: string; handle: WorkflowHandle<typeof applicationWorkflow> }> {
    const { id, number, filedAt } = await this.recordFiling(version, form);
    const input: ApplicationWorkflowInput = {
      applicationId: id,
      applicationNumber: number,
      enterpriseId: this.enterpriseId,
      enterpriseName: 'Test Enterprise',
      filedAt: filedAt.toISOString(),
      version,
      form,
    };
    const handle = await this.client.workflow.start(applicationWorkflow, {
      workflowId: applicationWorkflowId(id),
      taskQueue: this.taskQueue,
      args: [input],
    });
    return { id, handle };
  }

  /** Only the committed filing, as if the gateway died before starting its workflow. */
  async recordFiling(
    version: ServiceVersionSnapshot,
    form: Record<string, unknown> = {},
    filedAt = new Date(),
  ): Promise<{ id: string; number: string; filedAt: Date }> {
    const id = randomUUID();
    const number = `T-${id.slice(0, 8)}`;
    await this.dataSource.getRepository(ApplicationEntity).insert({
      id,
      number,
      serviceCode: version.serviceCode,
      serviceVersion: version.version,
      enterpriseId: this.enterpriseId,
      filedBy: randomUUID(),
      idempotencyKey: id,
      status: 'in_progress',
      form: form as never, // TypeORM's deep-partial type rejects an open record for jsonb
      materials: [],
      filedAt,
    });
    return { id, number, filedAt };
  }

  async tasks(applicationId: string) {
    return this.dataSource.query<
      {
        id: string;
        step_key: string;
        round: number;
        status: string;
        outcome: string | null;
        breached_at: Date | null;
      }[]
    >(
      `SELECT id, step_key, round, status, outcome, breached_at FROM tasks WHERE application_id = $1 ORDER BY step_key, round`,
      [applicationId],
    );
  }

  async events(
    applicationId: string,
  ): Promise<{ kind: string; step_key: string | null; round: number | null; data: Record<string, unknown> }[]> {
    return this.dataSource.query(
      `SELECT kind, step_key, round, data FROM application_events WHERE application_id = $1 ORDER BY at, id`,
      [applicationId],
    );
  }

  async applicationStatus(applicationId: string): Promise<string> {
    const [row] = await this.dataSource.query<{ status: string }[]>(`SELECT status FROM applications WHERE id = $1`, [
      applicationId,
    ]);
    return row.status;
  }

  private async seedReferenceData(): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(DepartmentEntity)
      .values([
        { code: 'market', name: '市场监督管理局', nameEn: 'Market Supervision' },
        { code: 'fire', name: '消防救援支队', nameEn: 'Fire and Rescue' },
        { code: 'health', name: '卫生健康委员会', nameEn: 'Health Commission' },
      ])
      .orIgnore()
      .execute();
    const creditCode = `TEST${randomUUID().replace(/-/g, '').slice(0, 14)}`.toUpperCase();
    const inserted = await this.dataSource
      .getRepository(EnterpriseEntity)
      .insert({ name: 'Test Enterprise', creditCode });
    this.enterpriseId = inserted.identifiers[0].id as string;
  }
}

/** Polls until `probe` returns a truthy value (read models are written asynchronously). */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The ApplicationErrorCode carried by a rejected update, or the error itself when it is not one. */
export function rejectionCode(error: unknown): string {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    return error.cause.type ?? 'untyped';
  }
  throw error;
}
