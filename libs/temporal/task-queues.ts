/** The default task queue; overridable with TEMPORAL_TASK_QUEUE (tests use one per suite). */
export const DEFAULT_TASK_QUEUE = 'onestop-approval';
