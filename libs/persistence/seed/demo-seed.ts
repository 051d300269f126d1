import { hash } from 'bcryptjs';
import type { DataSource } from 'typeorm';
import { AccountEntity } from '../entities/account.entity';
import { DepartmentEntity } from '../entities/department.entity';
import { EnterpriseEntity } from '../entities/enterprise.entity';
import { ServiceVersionEntity } from '../entities/service-version.entity';
import { ServiceEntity } from '../entities/service.entity';
import {
  DEMO_ACCOUNTS,
  DEMO_DEPARTMENTS,
  DEMO_ENTERPRISES,
  DEMO_OPINION_TEMPLATES,
  DEMO_PASSWORD,
  RESTAURANT_OPENING_V1,
} from './demo-data';

/**
 * Loads the demo departments, enterprises, accounts and the published restaurant-opening service.
 * Idempotent: rows that exist are left as they are, so a second start keeps any changes.
 */
export async function seedDemoData(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager
      .createQueryBuilder()
      .insert()
      .into(DepartmentEntity)
      .values([...DEMO_DEPARTMENTS])
      .orIgnore()
      .execute();
    // A department's phrases are seeded once: while it has none. Its CIO's deletions stay deleted.
    const phrases = Object.entries(DEMO_OPINION_TEMPLATES).flatMap(([department, texts]) =>
      texts.map((text) => [department, text]),
    );
    await manager.query(
      `INSERT INTO opinion_templates (department_code, text, created_by)
       SELECT v.department_code, v.text, 'seed'
         FROM unnest($1::varchar[], $2::varchar[]) AS v(department_code, text)
        WHERE NOT EXISTS (SELECT 1 FROM opinion_templates o WHERE o.department_code = v.department_code)`,
      [phrases.map((p) => p[0]), phrases.map((p) => p[1])],
    );
    await manager
      .createQueryBuilder()
      .insert()
      .into(EnterpriseEntity)
      .values(DEMO_ENTERPRISES.map(({ name, creditCode }) => ({ name, creditCode })))
      .orIgnore()
      .execute();
    const enterprises = await manager.find(EnterpriseEntity);
    const enterpriseIdOf = (key: string): string | null => {
      const creditCode = DEMO_ENTERPRISES.find((e) => e.key === key)?.creditCode;
      return enterprises.find((e) => e.creditCode === creditCode)?.id ?? null;
    };

    const existing = new Set(
      (await manager.find(AccountEntity, { select: { username: true } })).map((a) => a.username),
    );
    const passwordHash = await hash(DEMO_PASSWORD, 10);
    const missing = DEMO_ACCOUNTS.filter((a) => !existing.has(a.username));
    if (missing.length > 0) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(AccountEntity)
        .values(
          missing.map((a) => ({
            username: a.username,
            displayName: a.displayName,
            role: a.role,
            passwordHash,
            departmentCode: a.departmentCode ?? null,
            enterpriseId: a.enterpriseKey ? enterpriseIdOf(a.enterpriseKey) : null,
            staffGroups: a.staffGroups ?? [],
          })),
        )
        .orIgnore()
        .execute();
    }

    const service = RESTAURANT_OPENING_V1;
    if (!(await manager.existsBy(ServiceEntity, { code: service.serviceCode }))) {
      await manager.insert(ServiceEntity, {
        code: service.serviceCode,
        name: service.name,
        publishedVersion: service.version,
        draft: null,
      });
      // save() takes the entity type itself; insert()'s deep-partial type rejects `unknown` in the snapshot.
      await manager.save(
        Object.assign(new ServiceVersionEntity(), {
          serviceCode: service.serviceCode,
          version: service.version,
          snapshot: service,
          publishedAt: new Date(),
          publishedBy: 'seed',
        }),
      );
    }
  });
}
