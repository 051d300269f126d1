import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deferred materials (容缺受理): one row per material an application deferred at filing. The filing
 * writes the row; the workflow sets the deadline (working calendar), the supply or the overdue.
 */
export class DeferredMaterials1796230000020 implements MigrationInterface {
  name = 'DeferredMaterials1796230000020';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "deferred_materials" ("application_id" uuid NOT NULL, "material_code" character varying(64) NOT NULL, "step_keys" jsonb NOT NULL DEFAULT '[]', "supply_within_days" integer, "due_at" TIMESTAMP WITH TIME ZONE, "supplied_at" TIMESTAMP WITH TIME ZONE, "file_id" uuid, "overdue_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_deferred_materials" PRIMARY KEY ("application_id", "material_code"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "deferred_materials" ADD CONSTRAINT "deferred_materials_application_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deferred_materials" ADD CONSTRAINT "deferred_materials_file_fk" FOREIGN KEY ("file_id") REFERENCES "files"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "deferred_materials"`);
  }
}
