import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  APPLICATION_SEARCH_ATTRIBUTES,
  applicationWorkflowId,
  pledgedStepKeys,
  type ApplicationWorkflowInput,
} from '../domain';
import type { FiledApplication } from '../persistence/repositories/application-filing.repository';
import { APPLICATION_WORKFLOW_TYPE } from '../../workflows/application.messages';

type ApplicationWorkflow = (input: ApplicationWorkflowInput) => Promise<unknown>;

/**
 * Starts the workflow of a filed application — from the gateway right after filing, and from the
 * worker's reconciler for filings whose start was lost. Idempotent: the workflow id derives from
 * the application id, a running execution is reused, and a finished one is never run again.
 */
export async function startApplicationWorkflow(
  client: Client,
  taskQueue: string,
  application: FiledApplication,
): Promise<void> {
  const input: ApplicationWorkflowInput = {
    applicationId: application.id,
    applicationNumber: application.number,
    enterpriseId: application.enterpriseId,
    enterpriseName: application.enterpriseName,
    filedAt: application.filedAt.toISOString(),
    version: application.snapshot,
    form: application.form,
    // Left out when there are none, so such inputs look as they did before deferred materials.
    ...(application.deferredMaterials.length > 0 ? { deferredMaterials: application.deferredMaterials } : {}),
    pledges: pledgedStepKeys(application.pledges),
  };
  try {
    await client.workflow.start<ApplicationWorkflow>(APPLICATION_WORKFLOW_TYPE, {
      workflowId: applicationWorkflowId(application.id),
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: APPLICATION_SEARCH_ATTRIBUTES.applicationNumber, value: application.number },
        { key: APPLICATION_SEARCH_ATTRIBUTES.serviceCode, value: application.serviceCode },
        { key: APPLICATION_SEARCH_ATTRIBUTES.enterpriseId, value: application.enterpriseId },
        { key: APPLICATION_SEARCH_ATTRIBUTES.applicationStatus, value: application.status },
      ],
    });
  } catch (error) {
    // Raised only for an execution that already finished: it ran, so there is nothing to start.
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    throw error;
  }
}
