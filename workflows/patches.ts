/**
 * Ids of workflow changes gated with `patched()`. An execution that started before a change keeps
 * the old behaviour on replay; new executions take the new one. Never rename or reuse an id; when
 * no execution from before a change can still be running, retire it with `deprecatePatch()`.
 */
export const PATCHES = {
  /** Issue 3: steps whose include condition is false for the form are skipped at the start. */
  includeConditions: 'include-conditions-v1',
  /** Issue 3: a step approves only after `handling.reviewers` different officers approve. */
  multipleReviewers: 'multiple-reviewers-v1',
  /**
   * Issue 6: accountable clocks (a step's limit carries over supplement rounds and pauses; the
   * overall limit is a clock too), the supervision ladder, deemed approval, urging, and the read
   * model guarded against in-flight decisions. Checked once at the start of an execution.
   */
  accountableClocks: 'accountable-clocks-v1',
  /**
   * Issue 9: deferred materials (容缺受理): approval waits for them, their deadline terminates the
   * case. Checked once at the start, only by executions filed with deferred materials.
   */
  deferredMaterials: 'deferred-materials-v1',
  /**
   * Issue 9: a pledged step (告知承诺) approves at once; sampled ones get a post-check once the case
   * is approved, and the execution stays open until those are decided. Checked once at the start.
   */
  pledgeApproval: 'pledge-approval-v1',
  /**
   * Issue 9: one consolidated supplement notice (一次性告知): supplement requests are collected
   * and issued as one notice the enterprise answers once. Checked once at the start of an execution.
   */
  supplementNotice: 'supplement-notice-v1',
} as const;
