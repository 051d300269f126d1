import { Injectable } from '@nestjs/common';
import {
  applicationWorkflowId,
  type ApplicationProgress,
  type ClockChangeResult,
  type DecisionRequest,
  type DecisionResult,
  type PauseRequest,
  type PostCheckRequest,
  type PostCheckResult,
  type ResumeRequest,
  type DeferredMaterialProgress,
  type SupplementRequest,
  type SupplyMaterialRequest,
  type Urge,
  type UrgeRequest,
  type WithdrawRequest,
} from '../../../libs/domain';
import type { FiledApplication } from '../../../libs/persistence/repositories/application-filing.repository';
import { startApplicationWorkflow } from '../../../libs/temporal/application-starter';
import {
  decidePostCheckUpdate,
  decideUpdate,
  pauseUpdate,
  resumeUpdate,
  supplyMaterialUpdate,
  supplySupplementUpdate,
  urgeUpdate,
  withdrawUpdate,
} from '../../../workflows/application.messages';
import { TemporalService } from '../infrastructure/temporal.service';

const START_TIMEOUT_MS = 10_000;
/** Covers the validator, the handler and the activity that writes the read model before the update returns. */
const UPDATE_TIMEOUT_MS = 20_000;

/** The gateway's calls into application workflows: start, and the updates that carry human actions. */
@Injectable()
export class ApplicationWorkflows {
  constructor(private readonly temporal: TemporalService) {}

  /** Starts the workflow of a filed application; a no-op when it runs or ran already. */
  async start(application: FiledApplication): Promise<void> {
    await this.temporal.withDeadline(START_TIMEOUT_MS, () =>
      startApplicationWorkflow(this.temporal.client, this.temporal.taskQueue, application),
    );
  }

  decide(applicationId: string, request: DecisionRequest): Promise<DecisionResult> {
    return this.temporal.withDeadline(UPDATE_TIMEOUT_MS, () =>
      this.handle(applicationId).executeUpdate(decideUpdate, { args: [request] }),
    );
  }

  decidePostCheck(applicationId: string, request: PostCheckRequest): Promise<PostCheckResult> {
    return this.temporal.withDeadline(UPDATE_TIMEOUT_MS, () =>
      this.handle(applicationId).executeUpdate(decidePostCheckUpdate, { args: [request] }),
    );
  }

  pause(applicationId: string, request: PauseRequest): Promise<ClockChangeResult> {
    return this.temporal.withDeadline(UPDATE_TIMEOUT_MS, () =>
      this.handle(applicationId).executeUpdate(pauseUpdate, { args: [request] }),
    );
  }

  resume(applicationId: string, request: ResumeRequest): Promise<ClockChangeResult> {
    return this.temporal.withDeadline(UPDATE_TIMEOUT_MS, () =>
      this.handle(applicationId).executeUpdate(resumeUpdate, { args: [request] }),
    );
  }

  urge(applicationId: string, request: UrgeRequest): Promise<Urge> {
    return this.temporal.withDeadline(UPDATE_TIMEOUT_MS, () =>
      this.handle(applicationId).executeUpdate(urgeUpdate, { args: [request] }),
    );
  }

  supplySupplement(applicationId: string, request: SupplementRequest): Promise<ApplicationProgress> {
    return this.temporal.withDeadline(UPDATE_TIMEOUT_MS, () =>
      this.handle(applicationId).executeUpdate(supplySupplementUpdate, { args: [request] }),
    );
  }

  /**
   * Hands a deferred material's file to the workflow. The update id names the material and file, so
   * a retried request (the gateway crashed, the client timed out) is the same update to Temporal.
   */
  supplyMaterial(applicationId: string, request: SupplyMaterialRequest): Promise<DeferredMaterialProgress> {
    return this.temporal.withDeadline(UPDATE_TIMEOUT_MS, () =>
      this.handle(applicationId).executeUpdate(supplyMaterialUpdate, {
        args: [request],
        updateId: `supply-material:${request.materialCode}:${request.fileId}`,
      }),
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
