import type { DataSource } from 'typeorm';
import type { ServiceVersionSnapshot } from '../../domain';
import type { ServiceDraft } from '../../domain/service/service-draft';
import { sqlRow, sqlRows } from './sql.helpers';

/** A service with the snapshot of its published version, if it has one. */
export interface CatalogService {
  code: string;
  name: string;
  publishedVersion: number | null;
  published: ServiceVersionSnapshot | null;
  publishedAt: Date | null;
  draft: ServiceDraft | null;
  updatedAt: Date;
}

export interface VersionRecord {
  version: number;
  publishedAt: Date;
  publishedBy: string;
}

export interface VersionWithSnapshot extends VersionRecord {
  snapshot: ServiceVersionSnapshot;
}

const CATALOG_SELECT = `
  SELECT s.code AS "code", s.name AS "name", s.published_version AS "publishedVersion",
         v.snapshot AS "published", v.published_at AS "publishedAt", s.draft AS "draft",
         s.updated_at AS "updatedAt"
    FROM services s
    LEFT JOIN service_versions v ON v.service_code = s.code AND v.version = s.published_version`;

/** Read side of services (事项) and their published versions. */
export class ServiceCatalogRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(options: { publishedOnly: boolean }): Promise<CatalogService[]> {
    return sqlRows<CatalogService>(
      this.dataSource,
      `${CATALOG_SELECT} WHERE ($1::boolean = false OR s.published_version IS NOT NULL) ORDER BY s.code`,
      [options.publishedOnly],
    );
  }

  findByCode(code: string): Promise<CatalogService | null> {
    return sqlRow<CatalogService>(this.dataSource, `${CATALOG_SELECT} WHERE s.code = $1`, [code]);
  }

  listVersions(serviceCode: string): Promise<VersionRecord[]> {
    return sqlRows<VersionRecord>(
      this.dataSource,
      `SELECT version AS "version", published_at AS "publishedAt", published_by AS "publishedBy"
         FROM service_versions WHERE service_code = $1 ORDER BY version`,
      [serviceCode],
    );
  }

  findVersion(serviceCode: string, version: number): Promise<VersionWithSnapshot | null> {
    return sqlRow<VersionWithSnapshot>(
      this.dataSource,
      `SELECT version AS "version", published_at AS "publishedAt", published_by AS "publishedBy", snapshot AS "snapshot"
         FROM service_versions WHERE service_code = $1 AND version = $2`,
      [serviceCode, version],
    );
  }
}
