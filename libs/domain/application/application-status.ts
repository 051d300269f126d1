import type { ApplicationStatus, StepStatus } from './application.types';

/**
 * The application's status implied by its steps (withdrawal and termination are set explicitly).
 * One rejection rejects the case; every step approved approves it; any step waiting on the
 * enterprise makes the case wait on the enterprise.
 */
export function deriveApplicationStatus(stepStatuses: readonly StepStatus[]): ApplicationStatus {
  if (stepStatuses.includes('rejected')) return 'rejected';
  // Skipped steps (include condition false) count as done; a case needs at least one approval.
  if (stepStatuses.includes('approved') && stepStatuses.every((s) => s === 'approved' || s === 'skipped')) {
    return 'approved';
  }
  if (stepStatuses.includes('awaiting_applicant')) return 'awaiting_applicant';
  return 'in_progress';
}
