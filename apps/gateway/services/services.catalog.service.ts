import { Injectable } from '@nestjs/common';
import { describeCondition, mergeFormFields, mergeMaterials } from '../../../libs/domain';
import { diffVersions } from '../../../libs/domain/service/version-diff';
import type { Role } from '../../../libs/persistence/entities';
import {
  ServiceCatalogRepository,
  type CatalogService,
  type VersionWithSnapshot,
} from '../../../libs/persistence/repositories/service-catalog.repository';
import type { Identity } from '../auth/auth.types';
import { fieldProblem, validationFailed } from '../common/gateway.error';
import type {
  MergedFormDto,
  ServiceDto,
  VersionDetailDto,
  VersionDiffDto,
  VersionSummaryDto,
} from './services.catalog.dto';
import { ServicesErrors } from './services.errors';
import { toServiceDto, toVersionDetailDto, toVersionSummaryDto } from './services.mapper';

/** Roles that prepare new versions and so see drafts and not-yet-published services. */
const CATALOG_EDITORS: readonly Role[] = ['dept_cio', 'coord_cio', 'admin'];

/** Reading services and their published versions; nothing here writes. */
@Injectable()
export class ServiceCatalogService {
  constructor(private readonly catalog: ServiceCatalogRepository) {}

  async list(identity: Identity): Promise<ServiceDto[]> {
    const editor = CATALOG_EDITORS.includes(identity.role);
    const services = await this.catalog.list({ publishedOnly: !editor });
    return services.map((s) => toServiceDto(s, editor));
  }

  async get(identity: Identity, code: string): Promise<ServiceDto> {
    return toServiceDto(await this.visibleService(identity, code), CATALOG_EDITORS.includes(identity.role));
  }

  async versions(identity: Identity, code: string): Promise<VersionSummaryDto[]> {
    await this.visibleService(identity, code);
    const versions = await this.catalog.listVersions(code);
    return versions.map(toVersionSummaryDto);
  }

  async version(identity: Identity, code: string, version: number): Promise<VersionDetailDto> {
    return toVersionDetailDto(await this.visibleVersion(identity, code, version));
  }

  /** The merged application form of a version: what the applicant fills, each item once. */
  async form(identity: Identity, code: string, version: number): Promise<MergedFormDto> {
    const found = await this.visibleVersion(identity, code, version);
    const { steps } = found.snapshot;
    return {
      serviceCode: code,
      version: found.version,
      fields: mergeFormFields(steps).fields,
      materials: mergeMaterials(steps).materials,
      conditionalSteps: steps.flatMap((step) =>
        step.config.includeWhen
          ? [
              {
                stepKey: step.key,
                departmentCode: step.departmentCode,
                includeWhen: step.config.includeWhen,
                description: describeCondition(step.config.includeWhen),
              },
            ]
          : [],
      ),
    };
  }

  /** What changed from version `against` (default: the one before) to version `version`. */
  async diff(identity: Identity, code: string, version: number, against: number | undefined): Promise<VersionDiffDto> {
    await this.visibleService(identity, code);
    const base = against ?? version - 1;
    if (base < 1) {
      throw validationFailed([fieldProblem('against', 'NO_EARLIER_VERSION', {})]);
    }
    const [after, before] = await Promise.all([
      this.catalog.findVersion(code, version),
      this.catalog.findVersion(code, base),
    ]);
    if (!after) throw ServicesErrors.versionNotFound(code, version);
    if (!before) throw ServicesErrors.versionNotFound(code, base);
    return diffVersions(before.snapshot, after.snapshot);
  }

  /** Work in progress is not announced to enterprises (or staff) before it is published. */
  async visibleService(identity: Identity, code: string): Promise<CatalogService> {
    const service = await this.catalog.findByCode(code);
    if (!service || (!CATALOG_EDITORS.includes(identity.role) && service.published === null)) {
      throw ServicesErrors.notFound(code);
    }
    return service;
  }

  private async visibleVersion(identity: Identity, code: string, version: number): Promise<VersionWithSnapshot> {
    await this.visibleService(identity, code);
    const found = await this.catalog.findVersion(code, version);
    if (!found) throw ServicesErrors.versionNotFound(code, version);
    return found;
  }
}
