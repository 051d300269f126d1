import {
  eventForApplicant,
  filedContentFor,
  mergeMaterials,
  stepClockStops,
  type ApplicationProgress,
  type FiledContent,
  type FiledContentReader,
  type StepProgress,
  type StepStatus,
} from '../../../libs/domain';
import type {
  ApplicationDetail,
  ApplicationEventRecord,
  ApplicationSummary,
} from '../../../libs/persistence/repositories/application-read.repository';
import type { FiledApplication } from '../../../libs/persistence/repositories/application-filing.repository';
import type { TaskRecord } from '../../../libs/persistence/repositories/task-queue.repository';
import type { NoticeRecord } from '../../../libs/persistence/repositories/notice.repository';
import type {
  NoticeDto,
  ApplicationDetailDto,
  ApplicationEventDto,
  DeferredMaterialDto,
  ApplicationProgressDto,
  ApplicationStepDto,
  ApplicationSummaryDto,
  FiledApplicationDto,
  StepProgressDto,
} from './applications.dto';

export function toFiledApplicationDto(application: FiledApplication): FiledApplicationDto {
  return {
    id: application.id,
    number: application.number,
    status: application.status,
    serviceCode: application.serviceCode,
    serviceVersion: application.serviceVersion,
  };
}

/**
 * Overdue when the overall limit passed: recorded as a breach, or (between the timer and its write)
 * a running clock past its due date.
 */
function isOverdue(application: ApplicationSummary, now: Date): boolean {
  if (application.breachedAt) return true;
  if (!application.dueAt || application.closedAt || application.clockStoppedAt) return false;
  return now.getTime() > application.dueAt.getTime();
}

export function toSummaryDto(application: ApplicationSummary, now = new Date()): ApplicationSummaryDto {
  return {
    id: application.id,
    number: application.number,
    status: application.status,
    serviceCode: application.serviceCode,
    serviceVersion: application.serviceVersion,
    enterpriseId: application.enterpriseId,
    enterpriseName: application.enterpriseName,
    filedAt: application.filedAt,
    closedAt: application.closedAt,
    dueAt: application.dueAt,
    clock:
      application.dueAt === null ? null : application.clockStoppedAt || application.closedAt ? 'stopped' : 'running',
    overdue: isOverdue(application, now),
  };
}

/**
 * Who reads a case: the enterprise that filed it sees each department's step but no officer's name
 * and none of the government's internal supervision; everyone else in government sees all of it.
 */
export type CaseAudience = 'applicant' | 'government';

/**
 * The progress view from Postgres alone: every step of the filed version, each described by the
 * task of its latest round (a step without a task has not started), and what was filed as `reader`
 * may see it.
 */
export function toDetailDto(
  detail: ApplicationDetail,
  reader: FiledContentReader,
  audience: CaseAudience,
): ApplicationDetailDto {
  const forApplicant = audience === 'applicant';
  const latestTaskOfStep = new Map<string, TaskRecord>();
  const tasksOfStep = new Map<string, TaskRecord[]>();
  // A post-check is no round of the step's review: it is shown beside the step, not as its state.
  const postCheckOfStep = new Map(
    detail.tasks.filter((task) => task.kind === 'post_check').map((task) => [task.stepKey, task]),
  );
  for (const task of detail.tasks.filter((t) => t.kind === 'review')) {
    const known = latestTaskOfStep.get(task.stepKey);
    if (!known || task.round > known.round) latestTaskOfStep.set(task.stepKey, task);
    tasksOfStep.set(task.stepKey, [...(tasksOfStep.get(task.stepKey) ?? []), task]);
  }
  // The workflow records steps whose include condition does not hold as `step_skipped` events.
  const skipReasonOfStep = new Map(
    detail.events
      .filter((event) => event.kind === 'step_skipped' && event.stepKey)
      .map((event) => [event.stepKey!, typeof event.data.reason === 'string' ? event.data.reason : 'not required']),
  );
  return {
    ...toSummaryDto(detail),
    steps: detail.snapshot.steps.map((step): ApplicationStepDto => {
      const task = latestTaskOfStep.get(step.key);
      const rounds = tasksOfStep.get(step.key) ?? [];
      const skipReason = skipReasonOfStep.get(step.key) ?? null;
      const status = skipReason !== null ? 'skipped' : stepStatusOf(task);
      return {
        key: step.key,
        departmentCode: step.departmentCode,
        status,
        skipReason,
        round: task?.round ?? 0,
        startedAt: task?.createdAt ?? null,
        dueAt: task?.dueAt ?? null,
        decidedAt: task?.decidedAt ?? null,
        outcome: reviewOutcome(task),
        opinion: task?.opinion ?? null,
        assignee: forApplicant ? null : (task?.assignee ?? null),
        heldBy: status === 'active' ? 'department' : status === 'awaiting_applicant' ? 'applicant' : null,
        clockStops: stepClockStops(detail.events, step.key),
        // A step's limit carries over its rounds: it breached if any round did.
        breachedAt: rounds.find((t) => t.breachedAt)?.breachedAt ?? null,
        clock: task ? (task.status === 'pending' || task.status === 'claimed' ? 'running' : 'stopped') : null,
        pause:
          task?.status === 'paused' && task.pauseReason && task.clockStoppedAt
            ? { reason: task.pauseReason, since: task.clockStoppedAt.toISOString() }
            : null,
        cards: forApplicant ? [] : rounds.flatMap((t) => t.cards),
        urges: forApplicant ? [] : rounds.flatMap((t) => t.urges),
        deemed: task?.basis === 'deemed',
        basis: task?.basis ?? null,
        postCheck: postCheckOf(postCheckOfStep.get(step.key)),
      };
    }),
    timeline: toEventDtos(detail.events, audience),
    contentScope: reader.kind,
    deferredMaterials: toDeferredMaterialDtos(detail),
    // A deferred material supplied later reads as provided, with its file, like a filed one.
    ...withFiles(
      filedContentFor(
        detail.snapshot,
        {
          form: detail.form,
          materials: [
            ...detail.materials,
            ...detail.deferredMaterials.flatMap((d) => (d.fileId ? [{ code: d.code, fileId: d.fileId }] : [])),
          ],
        },
        reader,
      ),
      detail.files,
    ),
  };
}

/** The deferred materials with their names from the version the case runs on. */
export function toDeferredMaterialDtos(
  detail: Pick<ApplicationDetail, 'snapshot' | 'deferredMaterials'>,
): DeferredMaterialDto[] {
  const names = new Map(mergeMaterials(detail.snapshot.steps).materials.map((m) => [m.code, m.name]));
  return detail.deferredMaterials.map((d) => ({
    code: d.code,
    name: names.get(d.code) ?? d.code,
    stepKeys: d.stepKeys,
    supplyWithinDays: d.supplyWithinDays ?? 0,
    dueAt: d.dueAt?.toISOString() ?? null,
    status: d.suppliedAt ? 'supplied' : d.overdueAt ? 'overdue' : 'pending',
    suppliedAt: d.suppliedAt?.toISOString() ?? null,
    fileId: d.fileId,
    overdueAt: d.overdueAt?.toISOString() ?? null,
  }));
}

/** A review round's outcome (post-check outcomes live on post-check rows, never on these). */
function reviewOutcome(task: TaskRecord | undefined): ApplicationStepDto['outcome'] {
  const outcome = task?.outcome ?? null;
  return outcome === 'post_check_pass' || outcome === 'post_check_fail' ? null : outcome;
}

function postCheckOf(task: TaskRecord | undefined): ApplicationStepDto['postCheck'] {
  if (!task || task.status === 'cancelled') return null;
  return {
    status: task.outcome === 'post_check_pass' ? 'passed' : task.outcome === 'post_check_fail' ? 'failed' : 'open',
    openedAt: task.createdAt,
    decidedAt: task.decidedAt,
    opinion: task.opinion,
  };
}

/** Each material provided as a file, with the file's name, type and size. */
function withFiles(
  content: FiledContent,
  files: ApplicationDetail['files'],
): Pick<ApplicationDetailDto, 'form' | 'materials'> {
  const byId = new Map(files.map((file) => [file.id, file]));
  return {
    form: content.form,
    materials: content.materials.map((material) => ({
      ...material,
      file: material.fileId !== null ? (byId.get(material.fileId) ?? null) : null,
    })),
  };
}

/** The case's log as `audience` reads it: the enterprise without internal events and officers' names. */
export function toEventDtos(events: ApplicationEventRecord[], audience: CaseAudience): ApplicationEventDto[] {
  if (audience === 'government') return events.map(toEventDto);
  return events.flatMap((event) => {
    const visible = eventForApplicant(event);
    return visible ? [toEventDto(visible)] : [];
  });
}

function toEventDto(
  event: Omit<ApplicationEventRecord, 'actor'> & { actor: ApplicationEventDto['actor'] },
): ApplicationEventDto {
  return {
    id: event.id,
    at: event.at,
    kind: event.kind,
    ...(event.stepKey !== null ? { stepKey: event.stepKey } : {}),
    ...(event.round !== null ? { round: event.round } : {}),
    actor: event.actor,
    data: event.data,
  };
}

export function stepStatusOf(task: TaskRecord | undefined): StepStatus {
  if (!task) return 'waiting';
  switch (task.status) {
    case 'pending':
    case 'claimed':
    case 'paused':
      return 'active';
    case 'awaiting_applicant':
      return 'awaiting_applicant';
    case 'cancelled':
      return 'cancelled';
    case 'completed':
      if (task.outcome === 'approve') return 'approved';
      if (task.outcome === 'reject') return 'rejected';
      // A round closed by a supplement request whose next round has not been created yet.
      return 'awaiting_applicant';
  }
}

/** The workflow's progress answer, copied field by field so the HTTP contract does not follow workflow internals. */
export function toProgressDto(progress: ApplicationProgress): ApplicationProgressDto {
  return {
    applicationId: progress.applicationId,
    status: progress.status,
    serviceCode: progress.serviceCode,
    serviceVersion: progress.serviceVersion,
    steps: progress.steps.map(toStepProgressDto),
  };
}

function toStepProgressDto(step: StepProgress): StepProgressDto {
  // Absent optional fields stay undefined and are left out of the JSON.
  return {
    key: step.key,
    departmentCode: step.departmentCode,
    status: step.status,
    round: step.round,
    taskId: step.taskId,
    startedAt: step.startedAt,
    dueAt: step.dueAt,
    decidedAt: step.decidedAt,
    outcome: step.outcome,
    opinion: step.opinion,
    breachedAt: step.breachedAt,
  };
}

/** A stored notice as the API shows it. */
export function toNoticeDto(notice: NoticeRecord): NoticeDto {
  return {
    id: notice.id,
    number: notice.number,
    issuedAt: notice.issuedAt.toISOString(),
    ...(notice.answeredAt ? { answeredAt: notice.answeredAt.toISOString() } : {}),
    items: notice.items.map((item) => ({
      stepKey: item.stepKey,
      departmentCode: item.departmentCode,
      kind: item.kind,
      ...(item.materialCode ? { materialCode: item.materialCode } : {}),
      ...(item.fieldKey ? { fieldKey: item.fieldKey } : {}),
      reason: item.reason,
    })),
    ...(notice.answer ? { answer: notice.answer } : {}),
  };
}
