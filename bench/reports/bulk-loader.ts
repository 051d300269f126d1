/**
 * Loads the synthetic province into the bench database: the catalogue (departments, accounts,
 * enterprises, services with their published versions), then the applications, tasks and events
 * case by case with COPY, in chunks, on one connection, with the tables exactly as migrated (logged,
 * every index and constraint in place). Postgres ingests a chunk while the next is generated.
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { hash } from 'bcryptjs';
import { Client } from 'pg';
import type { WorkingClock } from '../../libs/domain';
import { DEMO_PASSWORD } from '../../libs/persistence/seed/demo-data';
import { copyField, copyJson, copyLines, copyTime } from './copy-stream';
import { CaseGenerator, type EventActor, type SyntheticCase } from './synthetic-cases';
import type { SyntheticCatalogue } from './synthetic-catalogue';
import { SeededRandom } from './seeded-random';

export interface LoadOptions {
  databaseUrl: string;
  seed: number;
  catalogue: SyntheticCatalogue;
  clock: WorkingClock;
  anchorMs: number;
  spanDays: number;
  applications: number;
  /** Applications per COPY round trip. */
  chunk: number;
  log: (line: string) => void;
  signal: AbortSignal;
}

export interface LoadSummary {
  departments: number;
  services: number;
  applications: number;
  tasks: number;
  openTasks: number;
  tasksByStatus: Record<string, number>;
  events: number;
  eventsByKind: Record<string, number>;
  catalogueSeconds: number;
  /** Applications, tasks and events: the time and the rate of the COPY part. */
  seconds: number;
  rowsPerSecond: number;
  applicationIds: string[];
}

const APPLICATION_COLUMNS = [
  'id',
  'number',
  'service_code',
  'service_version',
  'enterprise_id',
  'filed_by',
  'idempotency_key',
  'status',
  'form',
  'materials',
  'pledges',
  'filed_at',
  'workflow_started_at',
  'closed_at',
  'due_at',
  'breached_at',
  'clock_change_number',
  'status_change_number',
  'updated_at',
];
const TASK_COLUMNS = [
  'id',
  'application_id',
  'application_number',
  'enterprise_name',
  'service_code',
  'step_key',
  'department_code',
  'round',
  'status',
  'handling_group',
  'assignee',
  'assignee_id',
  'created_at',
  'claimed_at',
  'due_at',
  'decided_at',
  'outcome',
  'opinion',
  'decided_by',
  'breached_at',
  'approvals',
  'first_claimed_at',
  'clock_stopped_at',
  'remaining_working_ms',
  'pause_reason',
  'cards',
  'urges',
  'basis',
];
const EVENT_COLUMNS = [
  'application_id',
  'kind',
  'step_key',
  'round',
  'actor_id',
  'actor_username',
  'actor_role',
  'actor_department',
  'at',
  'data',
  'dedupe_key',
];

/** Share of each chunk's applications whose logs go with the tasks, balancing the two connections. */
const EVENTS_ON_FIRST_CONNECTION = 0.3;

const OPEN = new Set(['pending', 'claimed', 'paused', 'awaiting_applicant']);

/** Lines of one case for the three COPY streams. */
function caseLines(c: SyntheticCase, out: { apps: string[]; tasks: string[]; events: string[] }): void {
  const a = c.application;
  const lastChange = Math.max(a.filedAt, ...c.events.map((e) => e.at));
  out.apps.push(
    [
      a.id,
      copyField(a.number),
      copyField(a.serviceCode),
      '1',
      a.enterpriseId,
      a.filedBy,
      copyField(a.idempotencyKey),
      a.status,
      copyJson(a.form),
      '[]',
      '{}',
      copyTime(a.filedAt),
      copyTime(a.filedAt + 40),
      copyTime(a.closedAt),
      copyTime(a.dueAt),
      copyTime(a.breachedAt),
      '1',
      String(a.statusChangeNumber),
      copyTime(lastChange),
    ].join('\t') + '\n',
  );
  for (const t of c.tasks) {
    out.tasks.push(
      [
        t.id,
        a.id,
        copyField(a.number),
        copyField(a.enterpriseName),
        copyField(a.serviceCode),
        copyField(t.stepKey),
        copyField(t.departmentCode),
        String(t.round),
        t.status,
        '\\N',
        copyField(t.assignee),
        copyField(t.assigneeId),
        copyTime(t.createdAt),
        copyTime(t.claimedAt),
        copyTime(t.dueAt),
        copyTime(t.decidedAt),
        copyField(t.outcome),
        copyField(t.opinion),
        copyField(t.decidedBy),
        copyTime(t.breachedAt),
        '[]',
        copyTime(t.firstClaimedAt),
        copyTime(t.clockStoppedAt),
        copyField(t.remainingWorkingMs === null ? null : Math.round(t.remainingWorkingMs)),
        copyField(t.pauseReason),
        copyJson(t.cards),
        copyJson(t.urges),
        copyField(t.basis),
      ].join('\t') + '\n',
    );
  }
  for (const e of c.events) {
    out.events.push(
      [
        a.id,
        e.kind,
        copyField(e.stepKey),
        copyField(e.round),
        copyField(e.actor?.id || null),
        copyField(e.actor?.username ?? null),
        copyField(e.actor?.role ?? null),
        copyField(e.actor?.departmentCode ?? null),
        copyTime(e.at),
        copyJson(e.data),
        copyField(e.dedupeKey),
      ].join('\t') + '\n',
    );
  }
}

/** The demo accounts' ids, and accounts for the generated departments and the enterprises' applicants. */
async function loadCatalogue(
  client: Client,
  options: LoadOptions,
): Promise<{ officers: Map<string, EventActor[]>; coordinator: EventActor }> {
  const { catalogue } = options;
  const random = new SeededRandom(options.seed ^ 0x51ed270b);
  const generated = catalogue.departments.filter((d) => d.generated);
  await copyLines(
    client,
    'departments',
    ['code', 'name', 'name_en'],
    generated.map((d) => `${copyField(d.code)}\t${copyField(d.name)}\t${copyField(d.nameEn)}\n`),
  );
  await copyLines(
    client,
    'enterprises',
    ['id', 'name', 'credit_code'],
    catalogue.enterprises.map((e) => `${e.id}\t${copyField(e.name)}\t${copyField(e.creditCode)}\n`),
  );
  const passwordHash = await hash(DEMO_PASSWORD, 10);
  const accountLines: string[] = [];
  for (const d of generated) {
    accountLines.push(
      `${random.uuid()}\tstaff.${d.code}\t${passwordHash}\t${copyField(`${d.name} 经办人`)}\tstaff\t${d.code}\t\\N\n`,
      `${random.uuid()}\tcio.${d.code}\t${passwordHash}\t${copyField(`${d.name} CIO`)}\tdept_cio\t${d.code}\t\\N\n`,
    );
  }
  for (const e of catalogue.enterprises) {
    accountLines.push(
      `${e.applicantId}\t${e.applicantUsername}\t${passwordHash}\t${copyField(`${e.name} 经办人`)}\tapplicant\t\\N\t${e.id}\n`,
    );
  }
  await copyLines(
    client,
    'accounts',
    ['id', 'username', 'password_hash', 'display_name', 'role', 'department_code', 'enterprise_id'],
    accountLines,
  );
  // Published as the seed publishes: the service row names its version, the version row holds the snapshot.
  const publishedAt = new Date(options.anchorMs - (options.spanDays + 30) * 24 * 3600_000);
  for (const service of catalogue.services) {
    const snapshot = service.snapshot;
    await client.query(
      `INSERT INTO services (code, name, published_version, draft, created_at, updated_at) VALUES ($1, $2, $3, NULL, $4, $4)`,
      [snapshot.serviceCode, snapshot.name, snapshot.version, publishedAt],
    );
    await client.query(
      `INSERT INTO service_versions (service_code, version, snapshot, published_at, published_by) VALUES ($1, $2, $3::jsonb, $4, 'coord')`,
      [snapshot.serviceCode, snapshot.version, JSON.stringify(snapshot), publishedAt],
    );
  }

  const staff = await client.query<{ id: string; username: string; role: string; departmentCode: string | null }>(
    `SELECT id, username, role, department_code AS "departmentCode" FROM accounts WHERE role IN ('staff', 'coord_cio')`,
  );
  const officers = new Map<string, EventActor[]>();
  let coordinator: EventActor | undefined;
  for (const row of staff.rows) {
    if (row.role === 'coord_cio') {
      coordinator = { id: row.id, username: row.username, role: row.role, departmentCode: null };
      continue;
    }
    const list = officers.get(row.departmentCode!) ?? [];
    list.push({ id: row.id, username: row.username, role: 'staff', departmentCode: row.departmentCode });
    officers.set(row.departmentCode!, list);
  }
  // Stable order whatever order the rows came back in.
  for (const list of officers.values()) list.sort((a, b) => a.username.localeCompare(b.username));
  if (!coordinator) throw new Error('no coordinating CIO account: the demo seed did not run');
  for (const d of catalogue.departments) {
    if (!officers.has(d.code)) throw new Error(`no officer account in department ${d.code}`);
  }
  return { officers, coordinator };
}

export async function loadProvince(options: LoadOptions): Promise<LoadSummary> {
  const { log } = options;
  const clients = [
    new Client({ connectionString: options.databaseUrl }),
    new Client({ connectionString: options.databaseUrl }),
  ];
  const client = clients[0];
  try {
    for (const c of clients) {
      await c.connect();
      // Only this loader's own commits wait less for the disk; the tables stay logged.
      await c.query(`SET synchronous_commit = off`);
    }
    const catalogueStarted = performance.now();
    const { officers, coordinator } = await loadCatalogue(client, options);
    const catalogueSeconds = (performance.now() - catalogueStarted) / 1000;
    const started = performance.now();
    log(
      `Catalogue: ${options.catalogue.departments.length} departments, ${options.catalogue.services.length} services, ` +
        `${options.catalogue.enterprises.length} enterprises with an applicant each, in ${catalogueSeconds.toFixed(1)} s`,
    );
    const generator = new CaseGenerator({
      seed: options.seed,
      catalogue: options.catalogue,
      clock: options.clock,
      anchorMs: options.anchorMs,
      spanDays: options.spanDays,
      applications: options.applications,
      officers,
      coordinator,
    });

    const tasksByStatus: Record<string, number> = {};
    const eventsByKind: Record<string, number> = {};
    const applicationIds: string[] = [];
    let tasks = 0;
    let events = 0;
    let loadedApps = 0;
    let loadedTasks = 0;
    let loadedEvents = 0;
    let lastReport = performance.now();
    const report = (force = false) => {
      const now = performance.now();
      if (!force && now - lastReport < 3000) return;
      lastReport = now;
      const seconds = (now - started) / 1000;
      const rows = loadedApps + loadedTasks + loadedEvents;
      log(
        `  loaded ${loadedApps}/${options.applications} applications, ${loadedTasks} tasks, ${loadedEvents} events ` +
          `in ${seconds.toFixed(0)} s (${Math.round(rows / seconds)} rows/s)`,
      );
    };

    // Two connections, so Postgres ingests on both cores: one takes the applications, then their
    // tasks and the event logs of the first part of the chunk; the other the rest of the logs once
    // the applications are in (the events' foreign key). A case's log stays on one connection, in
    // order, so events of the same instant keep the ids, and the order, they were written in.
    let first = true;
    let lanes: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
    for (let start = 0; start < options.applications; start += options.chunk) {
      options.signal.throwIfAborted();
      const out = { apps: [] as string[], tasks: [] as string[], events: [] as string[] };
      const last = Math.min(options.applications, start + options.chunk);
      const split = start + Math.round((last - start) * EVENTS_ON_FIRST_CONNECTION);
      let splitAt = 0;
      for (let i = start; i < last; i++) {
        if (i === split) splitAt = out.events.length;
        const c = generator.generate(i);
        applicationIds.push(c.application.id);
        caseLines(c, out);
        tasks += c.tasks.length;
        events += c.events.length;
        for (const t of c.tasks) tasksByStatus[t.status] = (tasksByStatus[t.status] ?? 0) + 1;
        for (const e of c.events) eventsByKind[e.kind] = (eventsByKind[e.kind] ?? 0) + 1;
        // Let the previous chunk's COPY keep the sockets busy while this one is drawn.
        if ((i - start) % 250 === 249) await yieldToLoop();
      }
      await Promise.all(lanes);
      if (!first) report();
      first = false;
      const appsIn = copyLines(clients[0], 'applications', APPLICATION_COLUMNS, out.apps);
      const counted = (n: { apps?: number; tasks?: number; events?: number }) => {
        loadedApps += n.apps ?? 0;
        loadedTasks += n.tasks ?? 0;
        loadedEvents += n.events ?? 0;
      };
      lanes = [
        appsIn
          .then(() => counted({ apps: out.apps.length }))
          .then(() => copyLines(clients[0], 'tasks', TASK_COLUMNS, out.tasks))
          .then(() => counted({ tasks: out.tasks.length }))
          .then(() => copyLines(clients[0], 'application_events', EVENT_COLUMNS, out.events.slice(0, splitAt)))
          .then(() => counted({ events: splitAt })),
        appsIn
          .then(() => copyLines(clients[1], 'application_events', EVENT_COLUMNS, out.events.slice(splitAt)))
          .then(() => counted({ events: out.events.length - splitAt })),
      ];
      // Surfaced by the next await; keeps an early failure from being reported as unhandled.
      for (const lane of lanes) lane.catch(() => undefined);
    }
    await Promise.all(lanes);
    report(true);
    // New filings continue the numbering after the loaded ones.
    await client.query(`SELECT setval('application_number_seq', $1)`, [options.applications]);
    const seconds = (performance.now() - started) / 1000;
    const rows = options.applications + tasks + events;
    return {
      departments: options.catalogue.departments.length,
      services: options.catalogue.services.length,
      applications: options.applications,
      tasks,
      openTasks: Object.entries(tasksByStatus)
        .filter(([status]) => OPEN.has(status))
        .reduce((sum, [, n]) => sum + n, 0),
      tasksByStatus,
      events,
      eventsByKind,
      catalogueSeconds,
      seconds,
      rowsPerSecond: rows / seconds,
      applicationIds,
    };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}
