import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  APPLICATION_SEARCH_ATTRIBUTES,
  applicationWorkflowId,
  type ApplicationProgress,
  type ApplicationWorkflowInput,
  type DecisionRequest,
  type DecisionResult,
  type SupplementRequest,
  type WithdrawRequest,
} from '../../../libs/domain';
import type { FiledApplication } from '../../../libs/persistence/repositories/application-filing.repository';
import {
  APPLICATION_WORKFLOW_TYPE,
  decideUpdate,
  supplySupplementUpdate,
  withdrawUpdate,
} from '../../../workflows/application.messages';
import { TemporalService } from '../infrastructure/temporal.service';

const START_TIMEOUT_MS = 10_000;
/** Covers the validator, the handler and the activity that writes the read model before the update returns. */
const UPDATE_TIMEOUT_MS = 20_000;

type ApplicationWorkflow = (input: ApplicationWorkflowInput) => Promise<unknown>;

/** The gateway's calls into application workflows: start, and the updates that carry human actions. */
@Injectable()
export class ApplicationWorkflows {
  constructor(private readonly temporal: TemporalService) {}

  /**
   * Starts the workflow of a filed application, or does nothing if it is already running (the
   * workflow id derives from the application id) or has already finished.
   */
  async start(application: FiledApplication): Promise<void> {
    const input: ApplicationWorkflowInput = {
      applicationId: application.id,
      applicationNumber: application.number,
      enterpriseId: application.enterpriseId,
      enterpriseName: application.enterpriseName,
      filedAt: application.filedAt.toISOString(),
      version: application.snapshot,
      form: application.form,
    };
    try {
      await this.temporal.withDeadline(START_TIMEOUT_MS, () =>
        this.temporal.client.workflow.start<ApplicationWorkflow>(APPLICATION_WORKFLOW_TYPE, {
          workflowId: applicationWorkflowId(application.id),
          taskQueue: this.temporal.taskQueue,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          // A retried filing must never run a finished application a second time.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: [
            { key: APPLICATION_SEARCH_ATTRIBUTES.applicationNumber, value: application.number },
            { key: APPLICATION_SEARCH_ATTRIBUTES.serviceCode, value: application.serviceCode },
            { key: APPLICATION_SEARCH_ATTRIBUTES.enterpriseId, value: application.enterpriseId },
            { key: APPLICATION_SEARCH_ATTRIBUTES.applicationStatus, value: application.status },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      throw error;
    }
  }

  decide(applicationId: string, request: DecisionRequest): Promise<DecisionResult> {
    return this.temporal.withDeadline(UPDATE_TIMEOUT_MS, () =>
      this.handle(applicationId).executeUpdate(decideUpdate, { args: [request] }),
    );
  }

  supplySupplement(applicationId: string, request: SupplementRequest): Promise<ApplicationProgress> {
    return this.temporal.withDeadline(UPDATE_TIMEOUT_MS, () =>
      this.handle(applicationId).executeUpdate(supplySupplementUpdate, { args: [request] }),
    );
  }

  withdraw(applicationId: string, request: WithdrawRequest): Promise<ApplicationProgress> {
    return this.temporal.withDeadline(UPDATE_TIMEOUT_MS, () =>
      this.handle(applicationId).executeUpdate(withdrawUpdate, { args: [request] }),
    );
  }

  private handle(applicationId: string) {
    return this.temporal.client.workflow.getHandle(applicationWorkflowId(applicationId));
  }
}
