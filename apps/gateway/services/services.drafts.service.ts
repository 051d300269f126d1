import { Injectable } from '@nestjs/common';
import {
  problemAt,
  validateRoute,
  type RouteStep,
  type StepConfig,
  type ValidationProblem,
} from '../../../libs/domain';
import { validateDraftForPublish } from '../../../libs/domain/service/publish-validation';
import {
  applyRouteEdit,
  applyStepEdit,
  draftFromVersion,
  newDraft,
  snapshotOfDraft,
  type ServiceDraft,
} from '../../../libs/domain/service/service-draft';
import { validateStepConfig } from '../../../libs/domain/service/step-config.rules';
import type { Role } from '../../../libs/persistence/entities';
import {
  ServiceConfigurationRepository,
  type LockedService,
} from '../../../libs/persistence/repositories/service-configuration.repository';
import { departmentOf } from '../auth/auth.scope';
import type { Identity } from '../auth/auth.types';
import { decodeCursor, encodeCursor } from '../common/cursor.codec';
import { DEFAULT_PAGE_SIZE, type PageQueryDto } from '../common/pagination.dto';
import type { ServiceDto } from './services.catalog.dto';
import { ServiceCatalogService } from './services.catalog.service';
import type {
  ConfigChangePageDto,
  CreateServiceDto,
  PublishResultDto,
  RouteEditResultDto,
  StepConfigResultDto,
  UpdateServiceDto,
} from './services.drafts.dto';
import type { StepConfigDto } from './services.dto';
import { ServicesErrors } from './services.errors';
import { toChangeDto } from './services.mapper';

/**
 * Preparing the next version: the route, each department's step config, publishing, and the audit
 * trail of all of it. Edits answer with the service as the catalogue shows it, so both agree.
 */
@Injectable()
export class ServiceDraftsService {
  constructor(
    private readonly configuration: ServiceConfigurationRepository,
    private readonly catalog: ServiceCatalogService,
  ) {}

  /** The coordinating CIO creates a service with its route; departments then configure their steps. */
  async create(identity: Identity, request: CreateServiceDto): Promise<ServiceDto> {
    const steps = routeOf(request.steps);
    const problems = [...validateRoute(steps), ...(await this.unknownDepartments(steps))];
    if (problems.length > 0) throw ServicesErrors.routeInvalid(problems);

    const draft = newDraft({ name: request.name, overallLimitDays: request.overallLimitDays, steps });
    const created = await this.configuration.create(
      { code: request.code, name: request.name, draft },
      {
        ...actorOf(identity),
        action: 'create_service',
        stepKey: null,
        departmentCode: null,
        before: null,
        after: draft,
        revision: draft.routeRevision,
      },
    );
    if (!created) throw ServicesErrors.alreadyExists(request.code);
    return this.catalog.get(identity, request.code);
  }

  /**
   * Replaces name, overall limit and route. Step keys must stay addressable (well-formed, unique);
   * anything else that would stop a publish — a cycle, an unknown step or department — is saved and
   * reported, so a route can be reworked in several edits.
   */
  async updateRoute(
    identity: Identity,
    code: string,
    ifMatch: number | undefined,
    request: UpdateServiceDto,
  ): Promise<RouteEditResultDto> {
    const steps = routeOf(request.steps);
    const departments = new Set(await this.configuration.departmentCodes());
    const outcome = await this.configuration.update(code, (service) => {
      const draft = currentDraft(service);
      if (ifMatch === undefined) throw ServicesErrors.preconditionRequired('draft’s routeRevision');
      if (ifMatch !== draft.routeRevision)
        throw ServicesErrors.staleRevision('route revision', ifMatch, draft.routeRevision);

      const problems = [...validateRoute(steps), ...unknownDepartments(steps, departments)];
      const blocking = problems.filter(isAddressingProblem);
      if (steps.length === 0 || blocking.length > 0)
        throw ServicesErrors.routeInvalid(blocking.length ? blocking : problems);

      const edited = applyRouteEdit(draft, { name: request.name, overallLimitDays: request.overallLimitDays, steps });
      return {
        update: {
          draft: edited,
          change: {
            ...actorOf(identity),
            action: 'update_route',
            stepKey: null,
            departmentCode: null,
            before: draft,
            after: edited,
            revision: edited.routeRevision,
          },
        },
        result: problems,
      };
    });
    if (!outcome) throw ServicesErrors.notFound(code);
    return { ...(await this.catalog.get(identity, code)), problems: outcome.result };
  }

  /** A department CIO configures one of its department's steps, based on the revision it read. */
  async configureStep(
    identity: Identity,
    code: string,
    stepKey: string,
    ifMatch: number | undefined,
    request: StepConfigDto,
  ): Promise<StepConfigResultDto> {
    const department = departmentOf(identity);
    // A plain object: the stored and returned config carries no class instances or undefined members.
    const config = JSON.parse(JSON.stringify(request)) as StepConfig;
    const outcome = await this.configuration.update(code, (service) => {
      const draft = currentDraft(service);
      const step = draft.steps.find((s) => s.key === stepKey);
      if (!step) throw ServicesErrors.stepNotFound(code, stepKey);
      if (step.departmentCode !== department)
        throw ServicesErrors.stepOwnedByOtherDepartment(stepKey, step.departmentCode);
      if (ifMatch === undefined) throw ServicesErrors.preconditionRequired(`step’s revision`);
      if (ifMatch !== step.revision)
        throw ServicesErrors.staleRevision('step revision', ifMatch, step.revision, stepKey);
      const problems = validateStepConfig(config);
      if (problems.length > 0) throw ServicesErrors.stepConfigInvalid(problems);

      const edited = applyStepEdit(draft, stepKey, config);
      const revision = step.revision + 1;
      return {
        update: {
          draft: edited,
          change: {
            ...actorOf(identity),
            action: 'update_step',
            stepKey,
            departmentCode: step.departmentCode,
            before: step.config,
            after: config,
            revision,
          },
        },
        result: { key: stepKey, departmentCode: step.departmentCode, revision, config },
      };
    });
    if (!outcome) throw ServicesErrors.notFound(code);
    return outcome.result;
  }

  /**
   * Checks the whole draft and, when nothing stands in the way, makes it the next immutable version.
   * The draft stays as it is, so work toward the version after continues from here.
   */
  async publish(identity: Identity, code: string): Promise<PublishResultDto> {
    const departments = await this.configuration.departmentCodes();
    const outcome = await this.configuration.update(code, (service) => {
      const draft = currentDraft(service);
      const problems = validateDraftForPublish(draft, departments);
      if (problems.length > 0) throw ServicesErrors.publishValidationFailed(problems);

      const version = service.latestVersion + 1;
      return {
        update: {
          draft,
          publish: { snapshot: snapshotOfDraft(code, version, draft), publishedBy: identity.username },
          change: {
            ...actorOf(identity),
            action: 'publish',
            stepKey: null,
            departmentCode: null,
            before: { publishedVersion: service.publishedVersion },
            after: {
              publishedVersion: version,
              routeRevision: draft.routeRevision,
              stepRevisions: Object.fromEntries(draft.steps.map((s) => [s.key, s.revision])),
            },
            revision: draft.routeRevision,
          },
        },
        result: version,
      };
    });
    if (!outcome) throw ServicesErrors.notFound(code);
    if (!outcome.publishedAt) throw new Error(`publishing ${code} v${outcome.result} returned no timestamp`);
    return { version: outcome.result, publishedAt: outcome.publishedAt };
  }

  /** The audit trail, newest first: everything for the coordinating CIO, a department CIO's own steps. */
  async changes(identity: Identity, code: string, query: PageQueryDto): Promise<ConfigChangePageDto> {
    const after = decodeCursor(query.cursor);
    await this.catalog.visibleService(identity, code);
    const page = await this.configuration.listChanges({
      serviceCode: code,
      ...(identity.role === 'dept_cio' ? { departmentCode: departmentOf(identity) } : {}),
      ...(after ? { after } : {}),
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
    return { items: page.items.map(toChangeDto), nextCursor: encodeCursor(page.next) };
  }

  private async unknownDepartments(steps: readonly RouteStep[]): Promise<ValidationProblem[]> {
    return unknownDepartments(steps, new Set(await this.configuration.departmentCodes()));
  }
}

function routeOf(steps: readonly RouteStep[]): RouteStep[] {
  return steps.map((s) => ({ key: s.key, departmentCode: s.departmentCode, after: [...s.after] }));
}

function unknownDepartments(steps: readonly RouteStep[], known: ReadonlySet<string>): ValidationProblem[] {
  return steps.flatMap((s, i) =>
    known.has(s.departmentCode)
      ? []
      : [problemAt(`steps[${i}].departmentCode`, 'UNKNOWN_DEPARTMENT', { department: s.departmentCode })],
  );
}

/** Problems with step keys themselves: department CIOs address their steps by key, so these cannot be saved. */
function isAddressingProblem(problem: ValidationProblem): boolean {
  return /^steps\[\d+\]\.key$/.test(problem.path);
}

/** The draft to edit: the stored one, or for a service that has none yet, its published version. */
function currentDraft(service: LockedService): ServiceDraft {
  if (service.draft) return service.draft;
  if (service.published) return draftFromVersion(service.published);
  // Services are created with a draft; a row with neither was written by hand.
  throw new Error(`service ${service.code} has neither a draft nor a published version`);
}

function actorOf(identity: Identity): { actor: string; role: Role } {
  return { actor: identity.username, role: identity.role };
}
