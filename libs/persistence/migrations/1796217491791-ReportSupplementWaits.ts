import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rounds decided with a supplement request, by decision time: every report first looks for the
 * ones whose wait was still on at the window's end among them (a sixth of the rounds in the bench's data), which otherwise
 * means reading every round decided in the window (a year's for a yearly report).
 */
export class ReportSupplementWaits1796217491791 implements MigrationInterface {
  name = 'ReportSupplementWaits1796217491791';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "report_rounds_supplement_decided" ON "report_rounds" ("decided_at") WHERE outcome = 'request_supplement'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."report_rounds_supplement_decided"`);
  }
}
