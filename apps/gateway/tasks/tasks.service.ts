import { Inject, Injectable } from '@nestjs/common';
import type { Config } from '../../../libs/config';
import {
  OPEN_TASK_STATUSES,
  PAUSE_REASONS,
  POST_CHECK_OUTCOMES,
  REASSIGNABLE_TASK_STATUSES,
  whyOfficerCannotWork,
  supplementItemProblems,
  describeProblem,
  type DecisionOutcome,
  type PostCheckOutcome,
  type SupplementItem,
} from '../../../libs/domain';
import { ComplianceRepository } from '../../../libs/persistence/repositories/compliance.repository';
import {
  TaskQueueRepository,
  type QueuedTaskRecord,
  type TaskRecord,
} from '../../../libs/persistence/repositories/task-queue.repository';
import { ApplicationWorkflows } from '../applications/applications.workflows';
import { toNoticeDto } from '../applications/applications.mapper';
import { NoticeRepository } from '../../../libs/persistence/repositories/notice.repository';
import type { TaskDetailDto } from './task-detail.dto';
import { actorOf, departmentOf } from '../auth/auth.scope';
import type { Identity } from '../auth/auth.types';
import { decodeCursor, encodeCursor } from '../common/cursor.codec';
import type { FieldProblem } from '../common/common.errors';
import { fieldProblem, validationFailed } from '../common/gateway.error';
import { DEFAULT_PAGE_SIZE } from '../common/pagination.dto';
import { GATEWAY_CONFIG } from '../infrastructure/config.provider';
import type {
  DecisionRequestDto,
  DecisionResponseDto,
  EligibleOfficerDto,
  EnterpriseRecordDto,
  ReassignRequestDto,
  RequestedOutcome,
  TaskCountsDto,
  TaskDto,
  TaskPageDto,
  TaskQueueQueryDto,
} from './tasks.dto';
import { REQUESTED_OUTCOMES } from './tasks.dto';
import { TaskErrors } from './tasks.errors';
import { toTaskDto, workingDays, workingDayMsOf } from './tasks.mapper';

@Injectable()
export class TasksService {
  private readonly workingDayMs: number;

  constructor(
    private readonly tasks: TaskQueueRepository,
    private readonly compliance: ComplianceRepository,
    private readonly workflows: ApplicationWorkflows,
    private readonly notices: NoticeRepository,
    @Inject(GATEWAY_CONFIG) config: Config,
  ) {
    this.workingDayMs = workingDayMsOf(config);
  }

  async queue(identity: Identity, query: TaskQueueQueryDto): Promise<TaskPageDto> {
    const after = decodeCursor(query.cursor);
    const dueBefore = query.dueBefore === undefined ? undefined : new Date(query.dueBefore);
    if (dueBefore && Number.isNaN(dueBefore.getTime())) {
      throw validationFailed([fieldProblem('dueBefore', 'NOT_INSTANT', {})]);
    }
    const status = query.status ?? 'open';
    const page = await this.tasks.list({
      departmentCode: departmentOf(identity),
      statuses: status === 'open' ? OPEN_TASK_STATUSES : [status],
      // Officers see the tasks of their groups; the department's CIO oversees every task.
      ...(identity.role === 'staff' ? { staffGroups: identity.staffGroups } : {}),
      ...(query.serviceCode !== undefined ? { serviceCode: query.serviceCode } : {}),
      ...(dueBefore ? { dueBefore } : {}),
      ...(query.mine === 'true' ? { heldBy: identity.userId } : {}),
      ...(query.claimedByOthers === 'true' ? { heldByOthersThan: identity.userId } : {}),
      ...(query.overdue === 'true' ? { overdue: true } : {}),
      ...(query.urged === 'true' ? { urged: true } : {}),
      ...(query.q !== undefined && query.q.trim() !== '' ? { text: query.q.trim() } : {}),
      ...(query.sort ? { sort: query.sort === 'urgency' ? 'urgency' : 'created' } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(after ? { after } : {}),
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
    return { items: page.items.map((task) => this.dto(task)), nextCursor: encodeCursor(page.next) };
  }

  /** How many tasks each workbench tab holds, over the tasks the caller's queue shows. */
  counts(identity: Identity): Promise<TaskCountsDto> {
    return this.tasks.counts({
      departmentCode: departmentOf(identity),
      userId: identity.userId,
      ...(identity.role === 'staff' ? { staffGroups: identity.staffGroups } : {}),
    });
  }

  async get(identity: Identity, id: string): Promise<TaskDetailDto> {
    const task = await this.taskVisibleTo(identity, id);
    const notices = await this.notices.forStep(task.applicationId, task.stepKey);
    return { ...this.dto(task), notices: notices.map(toNoticeDto) };
  }

  /**
   * The enterprise's record (failed post-checks of its pledges, any department, any case) for the
   * department working one of its cases: whoever may read the task may read it.
   */
  async enterpriseRecord(identity: Identity, id: string): Promise<EnterpriseRecordDto> {
    await this.taskVisibleTo(identity, id);
    const record = await this.compliance.forTask(id);
    if (!record) throw TaskErrors.notFound(id);
    return record;
  }

  /** Claiming twice is harmless: the officer who holds the task gets it back unchanged. */
  async claim(identity: Identity, id: string): Promise<TaskDto> {
    const task = await this.taskInScope(identity, id);
    const ineligible = whyOfficerCannotWork(task, identity);
    if (ineligible?.rule === 'not_in_handling_group') throw TaskErrors.notInHandlingGroup(id, ineligible.group);
    // A step needing several reviewers goes back to the queue after each approval: for others.
    if (ineligible?.rule === 'already_approved') throw TaskErrors.alreadyApprovedByYou(id);
    const claimed = await this.tasks.claim(id, actorOf(identity));
    if (claimed) return this.dto(claimed);

    // Lost the conditional update: explain from the row as it is now.
    const current = await this.tasks.findById(id);
    if (!current) throw TaskErrors.notFound(id);
    if (current.status === 'claimed') {
      if (current.assigneeId === identity.userId) return this.dto(current);
      throw TaskErrors.alreadyClaimed(id, current.assignee);
    }
    throw TaskErrors.notOpen(id, current.status, 'claimed');
  }

  async release(identity: Identity, id: string): Promise<TaskDto> {
    await this.taskInScope(identity, id);
    const released = await this.tasks.release(id, actorOf(identity));
    if (released) return this.dto(released);

    const current = await this.tasks.findById(id);
    if (!current) throw TaskErrors.notFound(id);
    if (current.status === 'pending') throw TaskErrors.notClaimed(id);
    if (current.status === 'claimed') throw TaskErrors.notAssignee(id, current.assignee);
    throw TaskErrors.notOpen(id, current.status, 'released');
  }

  /**
   * The officers the department's CIO may hand a task to, with the tasks each holds now so the load
   * can be balanced. The current holder is listed and flagged: the CIO sees their load too.
   */
  async eligibleOfficers(identity: Identity, id: string): Promise<EligibleOfficerDto[]> {
    const task = await this.reassignableTask(identity, id, 'get');
    const officers = await this.tasks.officers(task.departmentCode);
    return officers
      .filter((officer) => whyOfficerCannotWork(task, officer) === null)
      .map((officer) => ({
        username: officer.username,
        displayName: officer.displayName,
        openTasks: officer.openTasks,
        currentAssignee: officer.userId === task.assigneeId,
      }));
  }

  /**
   * The department's CIO hands a pending, claimed or paused task to a named officer of the
   * department who may work it (in the step's staff group; not a reviewer who already approved it).
   */
  async reassign(identity: Identity, id: string, request: ReassignRequestDto): Promise<TaskDto> {
    const task = await this.reassignableTask(identity, id, 'act');
    const officer = await this.tasks.findOfficer(request.username, task.departmentCode);
    if (!officer) {
      throw TaskErrors.officerNotEligible(
        request.username,
        describeProblem('OFFICER_NOT_IN_DEPARTMENT', { username: request.username, department: task.departmentCode }),
      );
    }
    const ineligible = whyOfficerCannotWork(task, officer);
    if (ineligible?.rule === 'not_in_handling_group') {
      throw TaskErrors.officerNotEligible(
        request.username,
        describeProblem('OFFICER_NOT_IN_GROUP', { username: request.username, group: ineligible.group }),
      );
    }
    if (ineligible?.rule === 'already_approved') {
      throw TaskErrors.officerNotEligible(
        request.username,
        describeProblem('OFFICER_ALREADY_APPROVED', { username: request.username }),
      );
    }
    if (task.assigneeId === officer.userId) throw TaskErrors.alreadyAssigned(id, officer.username);
    const reassigned = await this.tasks.reassign(
      id,
      { userId: officer.userId, username: officer.username, role: 'staff', departmentCode: task.departmentCode },
      actorOf(identity),
      request.reason,
    );
    if (reassigned) return this.dto(reassigned);
    const current = await this.tasks.findById(id);
    throw TaskErrors.notOpen(id, current?.status ?? task.status, 'reassigned');
  }

  /**
   * A task of the caller's department that can change hands. Reading who could take it hides other
   * departments' tasks (404) like every read; reassigning refuses them as out of scope (403).
   */
  private async reassignableTask(identity: Identity, id: string, purpose: 'get' | 'act'): Promise<TaskRecord> {
    const task = purpose === 'get' ? await this.taskVisibleTo(identity, id) : await this.taskInScope(identity, id);
    if (!REASSIGNABLE_TASK_STATUSES.includes(task.status)) throw TaskErrors.notOpen(id, task.status, 'reassigned');
    return task;
  }

  /**
   * Only the officer holding the task may decide, pause or resume it. The workflow has the last
   * word: its validators refuse stale rounds, duplicates and decisions on a paused step (409), and
   * it records the change before answering.
   */
  async decide(identity: Identity, id: string, request: DecisionRequestDto): Promise<DecisionResponseDto> {
    const task = await this.taskInScope(identity, id);
    checkOutcomeFitsKind(task, request);
    checkFieldsFitOutcome(request);
    if (request.outcome === 'resume') return this.resume(identity, task, request);

    if (task.status === 'pending') throw TaskErrors.notClaimed(id);
    if (task.status !== 'claimed') throw TaskErrors.notOpen(id, task.status, actionOf(request.outcome));
    if (task.assigneeId !== identity.userId) throw TaskErrors.notAssignee(id, task.assignee);
    const opinion = request.opinion!;

    if (request.outcome === 'pause') {
      const result = await this.workflows.pause(task.applicationId, {
        stepKey: task.stepKey,
        round: task.round,
        reason: request.reason!,
        opinion,
        actor: actorOf(identity),
      });
      return this.clockResponse(id, task, 'pause', result);
    }

    if (isPostCheckOutcome(request.outcome)) return this.decidePostCheck(identity, task, request.outcome, opinion);

    const outcome: DecisionOutcome = request.outcome;
    const items = request.items?.map(toSupplementItem);
    if (outcome === 'request_supplement') await this.checkItemsKnown(task, items ?? []);
    const result = await this.workflows.decide(task.applicationId, {
      stepKey: task.stepKey,
      round: task.round,
      outcome,
      opinion,
      actor: actorOf(identity),
      ...(items?.length ? { items } : {}),
    });
    const refreshed = await this.tasks.findById(id);
    return { ...result, task: this.dto(refreshed ?? task) };
  }

  /** A post-check of a step approved on pledge: the workflow records it (a failure goes on the enterprise's record). */
  private async decidePostCheck(
    identity: Identity,
    task: TaskRecord,
    outcome: PostCheckOutcome,
    opinion: string,
  ): Promise<DecisionResponseDto> {
    const result = await this.workflows.decidePostCheck(task.applicationId, {
      stepKey: task.stepKey,
      outcome,
      opinion,
      actor: actorOf(identity),
    });
    const refreshed = await this.tasks.findById(task.id);
    return {
      stepKey: result.stepKey,
      round: task.round,
      outcome: result.outcome,
      postCheckStatus: result.status,
      task: this.dto(refreshed ?? task),
    };
  }

  private async resume(
    identity: Identity,
    task: TaskRecord,
    request: DecisionRequestDto,
  ): Promise<DecisionResponseDto> {
    if (task.status !== 'paused') throw TaskErrors.notOpen(task.id, task.status, 'resumed (it is not paused)');
    if (task.assigneeId !== identity.userId) throw TaskErrors.notAssignee(task.id, task.assignee);
    const result = await this.workflows.resume(task.applicationId, {
      stepKey: task.stepKey,
      round: task.round,
      ...(request.opinion ? { opinion: request.opinion } : {}),
      actor: actorOf(identity),
    });
    return this.clockResponse(task.id, task, 'resume', result);
  }

  private async clockResponse(
    id: string,
    task: TaskRecord,
    outcome: 'pause' | 'resume',
    result: { stepKey: string; round: number; clock: 'running' | 'stopped'; dueAt: string; remainingWorkingMs: number },
  ): Promise<DecisionResponseDto> {
    const refreshed = await this.tasks.findById(id);
    return {
      stepKey: result.stepKey,
      round: result.round,
      outcome,
      clock: result.clock,
      dueAt: result.dueAt,
      remainingWorkingDays: workingDays(result.remainingWorkingMs, this.workingDayMs),
      task: this.dto(refreshed ?? task),
    };
  }

  /**
   * A supplement request lists at least one item, and names only materials and fields the step
   * itself asks for (its config in the version the case runs on).
   */
  private async checkItemsKnown(task: TaskRecord, items: SupplementItem[]): Promise<void> {
    const snapshot = await this.tasks.findSnapshot(task.id);
    const step = snapshot?.steps.find((s) => s.key === task.stepKey);
    if (!step) return;
    const problems: FieldProblem[] = supplementItemProblems(step, items).map(({ path, ...problem }) => ({
      field: path,
      ...problem,
    }));
    if (problems.length > 0) throw TaskErrors.supplementItemsInvalid(problems);
  }

  /** Reading: another department's task is "not found", so queues do not reveal each other. */
  private async taskVisibleTo(identity: Identity, id: string): Promise<TaskRecord> {
    const task = await this.tasks.findById(id);
    if (!task || task.departmentCode !== departmentOf(identity)) throw TaskErrors.notFound(id);
    return task;
  }

  /** Acting: another department's task is refused as out of scope (403). */
  private async taskInScope(identity: Identity, id: string): Promise<TaskRecord> {
    const task = await this.tasks.findById(id);
    if (!task) throw TaskErrors.notFound(id);
    if (task.departmentCode !== departmentOf(identity)) throw TaskErrors.outOfScope(id);
    return task;
  }

  private dto(task: TaskRecord | QueuedTaskRecord): TaskDto {
    return toTaskDto(task, this.workingDayMs);
  }
}

/**
 * A field the outcome does not use is refused rather than dropped (422), and one it needs is
 * required (400): the officer learns at once that a reason or item list went nowhere.
 */
function checkFieldsFitOutcome(request: DecisionRequestDto): void {
  if (request.items !== undefined && request.outcome !== 'request_supplement') {
    throw TaskErrors.fieldNotForOutcome('items', request.outcome, 'request_supplement');
  }
  if (request.reason !== undefined && request.outcome !== 'pause') {
    throw TaskErrors.fieldNotForOutcome('reason', request.outcome, 'pause');
  }
  if (request.outcome === 'pause' && request.reason === undefined) {
    throw validationFailed([fieldProblem('reason', 'PAUSE_REASON_REQUIRED', { reasons: PAUSE_REASONS.join(', ') })]);
  }
  if (request.outcome !== 'resume' && request.opinion === undefined) {
    throw validationFailed([fieldProblem('opinion', 'REQUIRED_FOR_OUTCOME', { outcome: request.outcome })]);
  }
}

const REVIEW_OUTCOMES = REQUESTED_OUTCOMES.filter((outcome) => !isPostCheckOutcome(outcome));

function isPostCheckOutcome(outcome: RequestedOutcome): outcome is PostCheckOutcome {
  return (POST_CHECK_OUTCOMES as readonly string[]).includes(outcome);
}

/** A post-check takes only pass or fail, and a review round never takes those (422 either way). */
function checkOutcomeFitsKind(task: TaskRecord, request: DecisionRequestDto): void {
  const postCheck = task.kind === 'post_check';
  if (postCheck !== isPostCheckOutcome(request.outcome)) {
    throw TaskErrors.outcomeNotForTaskKind(
      task.id,
      task.kind,
      request.outcome,
      postCheck ? POST_CHECK_OUTCOMES : REVIEW_OUTCOMES,
    );
  }
}

function toSupplementItem(item: NonNullable<DecisionRequestDto['items']>[number]): SupplementItem {
  return {
    kind: item.kind,
    ...(item.materialCode ? { materialCode: item.materialCode } : {}),
    ...(item.fieldKey ? { fieldKey: item.fieldKey } : {}),
    reason: item.reason,
  };
}

function actionOf(outcome: RequestedOutcome): string {
  return outcome === 'pause' ? 'paused' : 'decided';
}
