import { Injectable } from '@nestjs/common';
import type { Role } from '../../../libs/persistence/entities';
import {
  ServiceCatalogRepository,
  type CatalogService,
} from '../../../libs/persistence/repositories/service-catalog.repository';
import type { Identity } from '../auth/auth.types';
import type { ServiceDraftDto, ServiceDto, ServiceStepDto } from './services.dto';
import { ServicesErrors } from './services.errors';

/** Roles that prepare new versions and so see drafts and not-yet-published services. */
const CATALOG_EDITORS: readonly Role[] = ['dept_cio', 'coord_cio', 'admin'];

@Injectable()
export class ServicesService {
  constructor(private readonly catalog: ServiceCatalogRepository) {}

  async list(identity: Identity): Promise<ServiceDto[]> {
    const editor = CATALOG_EDITORS.includes(identity.role);
    const services = await this.catalog.list({ publishedOnly: !editor });
    return services.map((s) => toServiceDto(s, editor));
  }

  async get(identity: Identity, code: string): Promise<ServiceDto> {
    const editor = CATALOG_EDITORS.includes(identity.role);
    const service = await this.catalog.findByCode(code);
    // Work in progress is not announced to enterprises before it is published.
    if (!service || (!editor && service.published === null)) throw ServicesErrors.notFound(code);
    return toServiceDto(service, editor);
  }
}

function toServiceDto(service: CatalogService, withDraft: boolean): ServiceDto {
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
    ...(withDraft ? { draft: service.draft ? toDraftDto(service.draft) : null } : {}),
  };
}

function toDraftDto(draft: NonNullable<CatalogService['draft']>): ServiceDraftDto {
  return { name: draft.name, overallLimitDays: draft.overallLimitDays, steps: draft.steps.map(toStepDto) };
}

function toStepDto(step: ServiceStepDto): ServiceStepDto {
  return { key: step.key, departmentCode: step.departmentCode, after: step.after, config: step.config };
}
