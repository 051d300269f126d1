import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A counter of changes to the report roll-ups: every refresh of report_rounds, report_marks and
 * report_stage_members adds one in its own transaction. A report computed while the counter stayed
 * the same can be answered again from memory until it moves (ReportAnswerCache).
 */
export class ReportRollupVersion1796230000050 implements MigrationInterface {
  name = 'ReportRollupVersion1796230000050';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "report_rollup_version" (
         "id" boolean NOT NULL DEFAULT true CONSTRAINT "report_rollup_version_one_row" CHECK ("id"),
         "version" bigint NOT NULL,
         CONSTRAINT "report_rollup_version_pk" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`INSERT INTO "report_rollup_version" ("id", "version") VALUES (true, 1)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "report_rollup_version"`);
  }
}
