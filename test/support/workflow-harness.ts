import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
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
import {
  createApplicationWorker,
  createWorkerActivities,
  type WorkerActivities,
} from '../../apps/worker/application-worker';
import { TaskQueueRepository } from '../../libs/persistence/repositories/task-queue.repository';
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

  async start(secondsPerDay = 3600, options: HarnessOptions = {}): Promise<void> {
    const config = loadConfig();
    const address = requireService(config.temporal.address, 'TEMPORAL_ADDRESS');
    this.dataSource = createDataSource(requireService(config.databaseUrl, 'DATABASE_URL'), 4);
    await this.dataSource.initialize();
    this.connection = await Connection.connect({ address });
    this.client = new Client({ connection: this.connection, namespace: config.temporal.namespace });
    this.nativeConnection = await NativeConnection.connect({ address });
    const dependencies = {
      dataSource: this.dataSource,
      clock: compressedClockSource(secondsPerDay),
      ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
    };
    this.worker = await createApplicationWorker({
      connection: this.nativeConnection,
      namespace: config.temporal.namespace,
      taskQueue: this.taskQueue,
      ...dependencies,
      activities: withDelays(createWorkerActivities(dependencies), options.delays ?? []),
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
    options: { deferredMaterials?: string[]; pledges?: string[] } = {},
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
      ...(options.deferredMaterials ? { deferredMaterials: options.deferredMaterials } : {}),
      ...(options.pledges?.length ? { pledges: options.pledges } : {}),
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
  ): Promise<
    { kind: string; step_key: string | null; round: number | null; at: Date; data: Record<string, unknown> }[]
  > {
    return this.dataSource.query(
      `SELECT kind, step_key, round, at, data FROM application_events WHERE application_id = $1 ORDER BY at, id`,
      [applicationId],
    );
  }

  async applicationStatus(applicationId: string): Promise<string> {
    const [row] = await this.dataSource.query<{ status: string }[]>(`SELECT status FROM applications WHERE id = $1`, [
      applicationId,
    ]);
    return row.status;
  }

  /** Claims a task as the gateway does (the workflow never sees claims). */
  async claim(taskId: string, officer: { userId: string; username: string }): Promise<void> {
    const claimed = await new TaskQueueRepository(this.dataSource).claim(taskId, officer);
    if (!claimed) throw new Error(`task ${taskId} could not be claimed`);
  }

  async task(applicationId: string, stepKey: string, round = 1) {
    const [row] = await this.dataSource.query<
      {
        id: string;
        status: string;
        due_at: Date;
        outcome: string | null;
        basis: string | null;
        breached_at: Date | null;
        cards: { level: string; at: string }[];
        urges: { id: string; message: string }[];
        remaining_working_ms: string | null;
      }[]
    >(
      `SELECT id, status, due_at, outcome, basis, breached_at, cards, urges, remaining_working_ms
         FROM tasks WHERE application_id = $1 AND step_key = $2 AND round = $3`,
      [applicationId, stepKey, round],
    );
    return row;
  }

  /** Who was told what about this application: [kind, username, urgent], in a stable order. */
  async notifications(applicationId: string): Promise<[string, string, boolean][]> {
    const rows = await this.dataSource.query<{ kind: string; username: string; urgent: boolean }[]>(
      `SELECT n.kind, a.username, n.urgent FROM notifications n JOIN accounts a ON a.id = n.recipient_id
        WHERE n.application_id = $1 AND a.username LIKE 'wf-%' ORDER BY n.created_at, n.kind, a.username`,
      [applicationId],
    );
    return rows.map((r) => [r.kind, r.username, r.urgent]);
  }

  async application(applicationId: string) {
    const [row] = await this.dataSource.query<
      { status: string; due_at: Date | null; clock_stopped_at: Date | null; breached_at: Date | null }[]
    >(`SELECT status, due_at, clock_stopped_at, breached_at FROM applications WHERE id = $1`, [applicationId]);
    return row;
  }

  /** The harness's enterprise, e.g. to upload files as it. */
  get enterprise(): string {
    return this.enterpriseId;
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
    // Accounts notifications go to: an officer and a CIO per department, and a coordinating CIO.
    // Shared by every harness in the run (ON CONFLICT), so assertions filter on the wf- prefix.
    for (const [username, role, department] of HARNESS_ACCOUNTS) {
      await this.dataSource.query(
        `INSERT INTO accounts (id, username, password_hash, display_name, role, department_code)
         VALUES ($1, $2, 'not-a-login', $2, $3, $4) ON CONFLICT (username) DO NOTHING`,
        [harnessAccountId(username), username, role, department],
      );
    }
    const creditCode = `TEST${randomUUID().replace(/-/g, '').slice(0, 14)}`.toUpperCase();
    const inserted = await this.dataSource
      .getRepository(EnterpriseEntity)
      .insert({ name: 'Test Enterprise', creditCode });
    this.enterpriseId = inserted.identifiers[0].id as string;
  }
}

/** An activity made slow after (or before) its real work, to open a race window on purpose. */
export interface ActivityDelay {
  activity: keyof WorkerActivities;
  ms: number;
  /** Before the store write (a slow database) or after it (a slow answer to the workflow). */
  at: 'before' | 'after';
  when?: (input: Record<string, unknown>) => boolean;
}

export interface HarnessOptions {
  webhookUrl?: string;
  delays?: ActivityDelay[];
}

function withDelays(activities: WorkerActivities, delays: ActivityDelay[]): WorkerActivities {
  const wrapped: Record<string, unknown> = { ...activities };
  for (const delay of delays) {
    // The activities are plain closures (no `this`), so calling one detached is safe.
    const real = wrapped[delay.activity] as (input: Record<string, unknown>) => Promise<unknown>;
    wrapped[delay.activity] = async (input: Record<string, unknown>) => {
      const applies = delay.when?.(input) ?? true;
      if (applies && delay.at === 'before') await new Promise((r) => setTimeout(r, delay.ms));
      const result = await real(input);
      if (applies && delay.at === 'after') await new Promise((r) => setTimeout(r, delay.ms));
      return result;
    };
  }
  return wrapped as WorkerActivities;
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

/** RECORD_HISTORIES=1 writes this execution's history as a replay fixture for later workflow changes. */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  writeFileSync(join(__dirname, '../fixtures/histories', `${name}.json`), historyToJSON(history));
}

/** The ApplicationErrorCode carried by a rejected update, or the error itself when it is not one. */
export function rejectionCode(error: unknown): string {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    return error.cause.type ?? 'untyped';
  }
  throw error;
}

/** Accounts of the harness; ids are fixed so tests can act as them. */
export const HARNESS_ACCOUNTS: [string, string, string | null][] = [
  ['wf-staff.market', 'staff', 'market'],
  ['wf-cio.market', 'dept_cio', 'market'],
  ['wf-staff.fire', 'staff', 'fire'],
  ['wf-cio.fire', 'dept_cio', 'fire'],
  ['wf-coord', 'coord_cio', null],
];

export function harnessAccountId(username: string): string {
  const index = HARNESS_ACCOUNTS.findIndex(([name]) => name === username);
  if (index < 0) throw new Error(`no harness account ${username}`);
  return `00000000-0000-4000-9000-${String(index + 1).padStart(12, '0')}`;
}

export function harnessActor(username: string) {
  const [, role, departmentCode] = HARNESS_ACCOUNTS.find(([name]) => name === username)!;
  return { userId: harnessAccountId(username), username, role, ...(departmentCode ? { departmentCode } : {}) };
}
