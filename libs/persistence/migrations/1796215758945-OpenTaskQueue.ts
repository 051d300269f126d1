import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The workbench's default tab (status=open: pending, claimed, paused, awaiting the applicant), oldest
 * first: a partial index holding only the open part of a growing table, so a page is read in order
 * from it instead of from the department's whole history.
 */
export class OpenTaskQueue1796215758945 implements MigrationInterface {
  name = 'OpenTaskQueue1796215758945';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "tasks_open_queue" ON "tasks" ("department_code", "created_at", "id") WHERE status IN ('pending', 'claimed', 'paused', 'awaiting_applicant')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."tasks_open_queue"`);
  }
}
