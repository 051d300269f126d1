import type { VersionedStep } from '../../../libs/domain';
import { draftFromVersion, type ServiceDraft } from '../../../libs/domain/service/service-draft';
import type {
  CatalogService,
  VersionRecord,
  VersionWithSnapshot,
} from '../../../libs/persistence/repositories/service-catalog.repository';
import type { ConfigChangeRecord } from '../../../libs/persistence/repositories/service-configuration.repository';
import type {
  ServiceDraftDto,
  ServiceDto,
  ServiceStepDto,
  VersionDetailDto,
  VersionSummaryDto,
} from './services.catalog.dto';
import type { ConfigChangeDto } from './services.drafts.dto';

export function toServiceDto(service: CatalogService, withDraft: boolean): ServiceDto {
  // A service without a stored draft is edited from its published version, so that is what CIOs see.
  const draft = service.draft ?? (service.published ? draftFromVersion(service.published) : null);
  return {
    code: service.code,
    name: service.name,
    published: service.published
      ? {
          version: service.published.version,
          overallLimitDays: service.published.overallLimitDays,
          publishedAt: service.publishedAt,
          steps: service.published.steps.map(toStepDto),
        }
      : null,
    ...(withDraft ? { draft: draft ? toDraftDto(draft) : null } : {}),
  };
}

function toDraftDto(draft: ServiceDraft): ServiceDraftDto {
  return {
    name: draft.name,
    overallLimitDays: draft.overallLimitDays,
    routeRevision: draft.routeRevision,
    steps: draft.steps.map((s) => ({
      key: s.key,
      departmentCode: s.departmentCode,
      after: s.after,
      config: s.config,
      revision: s.revision,
    })),
  };
}

function toStepDto(step: VersionedStep): ServiceStepDto {
  return { key: step.key, departmentCode: step.departmentCode, after: step.after, config: step.config };
}

export function toVersionSummaryDto(version: VersionRecord): VersionSummaryDto {
  return { version: version.version, publishedAt: version.publishedAt, publishedBy: version.publishedBy };
}

export function toVersionDetailDto({ snapshot, ...version }: VersionWithSnapshot): VersionDetailDto {
  return {
    serviceCode: snapshot.serviceCode,
    name: snapshot.name,
    version: version.version,
    overallLimitDays: snapshot.overallLimitDays,
    publishedAt: version.publishedAt,
    publishedBy: version.publishedBy,
    steps: snapshot.steps.map(toStepDto),
  };
}

export function toChangeDto(change: ConfigChangeRecord): ConfigChangeDto {
  return {
    id: change.id,
    serviceCode: change.serviceCode,
    stepKey: change.stepKey,
    departmentCode: change.departmentCode,
    action: change.action,
    actor: change.actor,
    role: change.role,
    at: change.at,
    revision: change.revision,
    before: change.before,
    after: change.after,
  };
}
