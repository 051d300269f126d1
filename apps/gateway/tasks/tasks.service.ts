import { Injectable } from '@nestjs/common';
import { DECISION_OUTCOMES, OPEN_TASK_STATUSES, type DecisionOutcome } from '../../../libs/domain';
import { TaskQueueRepository, type TaskRecord } from '../../../libs/persistence/repositories/task-queue.repository';
import { ApplicationWorkflows } from '../applications/applications.workflows';
import { departmentOf } from '../auth/auth.scope';
import type { Identity } from '../auth/auth.types';
import { decodeCursor, encodeCursor } from '../common/cursor.codec';
import { validationFailed } from '../common/gateway.error';
import { DEFAULT_PAGE_SIZE } from '../common/pagination.dto';
import type {
  DecisionRequestDto,
  DecisionResponseDto,
  RequestedOutcome,
  TaskDto,
  TaskPageDto,
  TaskQueueQueryDto,
} from './tasks.dto';
import { TaskErrors } from './tasks.errors';

@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TaskQueueRepository,
    private readonly workflows: ApplicationWorkflows,
  ) {}

  async queue(identity: Identity, query: TaskQueueQueryDto): Promise<TaskPageDto> {
    const after = decodeCursor(query.cursor);
    const dueBefore = query.dueBefore === undefined ? undefined : new Date(query.dueBefore);
    if (dueBefore && Number.isNaN(dueBefore.getTime())) {
      throw validationFailed([{ field: 'dueBefore', rule: 'isISO8601', message: 'dueBefore must be a valid instant' }]);
    }
    const status = query.status ?? 'open';
    const page = await this.tasks.list({
      departmentCode: departmentOf(identity),
      statuses: status === 'open' ? OPEN_TASK_STATUSES : [status],
      // Officers see the tasks of their groups; the department's CIO oversees every task.
      ...(identity.role === 'staff' ? { staffGroups: identity.staffGroups } : {}),
      ...(query.serviceCode !== undefined ? { serviceCode: query.serviceCode } : {}),
      ...(dueBefore ? { dueBefore } : {}),
      ...(after ? { after } : {}),
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
    return { items: page.items.map(toTaskDto), nextCursor: encodeCursor(page.next) };
  }

  /** Reading: another department's task is "not found", so queues do not reveal each other. */
  async get(identity: Identity, id: string): Promise<TaskDto> {
    const task = await this.tasks.findById(id);
    if (!task || task.departmentCode !== departmentOf(identity)) throw TaskErrors.notFound(id);
    return toTaskDto(task);
  }

  /** Claiming twice is harmless: the officer who holds the task gets it back unchanged. */
  async claim(identity: Identity, id: string): Promise<TaskDto> {
    const task = await this.taskInScope(identity, id);
    if (task.handlingGroup && !identity.staffGroups.includes(task.handlingGroup)) {
      throw TaskErrors.notInHandlingGroup(id, task.handlingGroup);
    }
    // A step needing several reviewers goes back to the queue after each approval: for others.
    if (task.approvals.some((a) => a.username === identity.username)) throw TaskErrors.alreadyApprovedByYou(id);
    const claimed = await this.tasks.claim(id, { userId: identity.userId, username: identity.username });
    if (claimed) return toTaskDto(claimed);

    // Lost the conditional update: explain from the row as it is now.
    const current = await this.tasks.findById(id);
    if (!current) throw TaskErrors.notFound(id);
    if (current.status === 'claimed') {
      if (current.assigneeId === identity.userId) return toTaskDto(current);
      throw TaskErrors.alreadyClaimed(id, current.assignee);
    }
    throw TaskErrors.notOpen(id, current.status, 'claimed');
  }

  async release(identity: Identity, id: string): Promise<TaskDto> {
    await this.taskInScope(identity, id);
    const released = await this.tasks.release(id, identity.userId);
    if (released) return toTaskDto(released);

    const current = await this.tasks.findById(id);
    if (!current) throw TaskErrors.notFound(id);
    if (current.status === 'pending') throw TaskErrors.notClaimed(id);
    if (current.status === 'claimed') throw TaskErrors.notAssignee(id, current.assignee);
    throw TaskErrors.notOpen(id, current.status, 'released');
  }

  /**
   * Only the officer holding the task may decide. The workflow has the last word: its validator
   * refuses stale rounds and duplicates (409), and it records the decision before answering.
   */
  async decide(identity: Identity, id: string, request: DecisionRequestDto): Promise<DecisionResponseDto> {
    const outcome = supportedOutcome(request.outcome);
    const task = await this.taskInScope(identity, id);
    if (task.status === 'pending') throw TaskErrors.notClaimed(id);
    if (task.status !== 'claimed') throw TaskErrors.notOpen(id, task.status, 'decided');
    if (task.assigneeId !== identity.userId) throw TaskErrors.notAssignee(id, task.assignee);

    const result = await this.workflows.decide(task.applicationId, {
      stepKey: task.stepKey,
      round: task.round,
      outcome,
      opinion: request.opinion,
      actor: { userId: identity.userId, username: identity.username },
    });
    const refreshed = await this.tasks.findById(id);
    return { ...result, task: toTaskDto(refreshed ?? task) };
  }

  /** Acting: another department's task is refused as out of scope (403). */
  private async taskInScope(identity: Identity, id: string): Promise<TaskRecord> {
    const task = await this.tasks.findById(id);
    if (!task) throw TaskErrors.notFound(id);
    if (task.departmentCode !== departmentOf(identity)) throw TaskErrors.outOfScope(id);
    return task;
  }
}

function supportedOutcome(outcome: RequestedOutcome): DecisionOutcome {
  if (!isDecisionOutcome(outcome)) throw TaskErrors.outcomeNotSupportedYet(outcome);
  return outcome;
}

function isDecisionOutcome(outcome: RequestedOutcome): outcome is DecisionOutcome {
  return (DECISION_OUTCOMES as readonly string[]).includes(outcome);
}

export function toTaskDto(task: TaskRecord): TaskDto {
  return {
    id: task.id,
    applicationId: task.applicationId,
    applicationNumber: task.applicationNumber,
    enterpriseName: task.enterpriseName,
    serviceCode: task.serviceCode,
    stepKey: task.stepKey,
    departmentCode: task.departmentCode,
    round: task.round,
    status: task.status,
    assignee: task.assignee,
    createdAt: task.createdAt,
    dueAt: task.dueAt,
    claimedAt: task.claimedAt,
    decidedAt: task.decidedAt,
    outcome: task.outcome,
    approvedBy: task.approvals.map((a) => a.username),
    handlingGroup: task.handlingGroup,
  };
}
