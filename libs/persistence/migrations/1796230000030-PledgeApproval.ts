import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Approval on pledge (告知承诺). A task row is either a round of a step's review (`review`, route
 * work) or the post-check of a pledge (`post_check`), which shares the pledged round's number, so
 * the idempotency key of a task gains its kind. A failed post-check is recorded against the
 * enterprise, once per post-check task, for the departments to see on its later cases.
 */
export class PledgeApproval1796230000030 implements MigrationInterface {
  name = 'PledgeApproval1796230000030';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD "kind" character varying(16) NOT NULL DEFAULT 'review'`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "tasks_application_step_round"`);
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "tasks_application_step_round" UNIQUE ("application_id", "step_key", "round", "kind")`,
    );
    await queryRunner.query(`CREATE TABLE "enterprise_compliance_records" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "enterprise_id" uuid NOT NULL,
      "application_id" uuid NOT NULL,
      "application_number" character varying(32) NOT NULL,
      "step_key" character varying(64) NOT NULL,
      "department_code" character varying(32) NOT NULL,
      "task_id" uuid NOT NULL,
      "kind" character varying(32) NOT NULL,
      "opinion" text NOT NULL,
      "recorded_by" character varying(64) NOT NULL,
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "enterprise_compliance_records_once_per_task" UNIQUE ("task_id"),
      CONSTRAINT "PK_enterprise_compliance_records" PRIMARY KEY ("id"),
      CONSTRAINT "enterprise_compliance_records_enterprise_fk" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id"),
      CONSTRAINT "enterprise_compliance_records_application_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id"),
      CONSTRAINT "enterprise_compliance_records_department_fk" FOREIGN KEY ("department_code") REFERENCES "departments"("code"),
      CONSTRAINT "enterprise_compliance_records_task_fk" FOREIGN KEY ("task_id") REFERENCES "tasks"("id"))`);
    await queryRunner.query(
      `CREATE INDEX "enterprise_compliance_records_by_enterprise" ON "enterprise_compliance_records" ("enterprise_id", "recorded_at", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "enterprise_compliance_records"`);
    await queryRunner.query(`DELETE FROM "tasks" WHERE "kind" <> 'review'`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "tasks_application_step_round"`);
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "tasks_application_step_round" UNIQUE ("application_id", "step_key", "round")`,
    );
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "kind"`);
  }
}
