import type { Config } from '../../../libs/config';
import type { TaskRecord } from '../../../libs/persistence/repositories/task-queue.repository';
import type { TaskDto } from './tasks.dto';

const DAY_MS = 24 * 3600 * 1000;

/** How long a working day is in this deployment: 24 h, or the demo clock's WORKING_DAY_SECONDS. */
export function workingDayMsOf(config: Pick<Config, 'demoClock'>): number {
  return config.demoClock ? config.demoClock.workingDaySeconds * 1000 : DAY_MS;
}

/** Working time in ms as working days, to two decimals (how officers read a limit). */
export function workingDays(ms: number, workingDayMs: number): number {
  return Math.round((ms / workingDayMs) * 100) / 100;
}

export function toTaskDto(task: TaskRecord, workingDayMs: number): TaskDto {
  const running = task.status === 'pending' || task.status === 'claimed';
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
    firstClaimedAt: task.firstClaimedAt,
    decidedAt: task.decidedAt,
    outcome: task.outcome,
    approvedBy: task.approvals.map((a) => a.username),
    handlingGroup: task.handlingGroup,
    clock: running ? 'running' : 'stopped',
    pause:
      task.status === 'paused' && task.pauseReason && task.clockStoppedAt
        ? { reason: task.pauseReason, since: task.clockStoppedAt }
        : null,
    remainingWorkingDays:
      !running && task.remainingWorkingMs !== null ? workingDays(Number(task.remainingWorkingMs), workingDayMs) : null,
    cards: task.cards,
    urges: task.urges,
    breachedAt: task.breachedAt,
    basis: task.basis,
    kind: task.kind,
  };
}
