import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which cases each roll-up refresh changed, under the version it moved report_rollup_version to:
 * a gateway's in-memory copy of the roll-ups (ReportRollupMirror) reads the cases changed since
 * the version it has instead of every row. Refreshes move the version one at a time (the row lock),
 * so a reader that sees version v sees every change up to v. Entries older than an hour are pruned;
 * a copy further behind than that reloads.
 */
export class ReportRollupChanges1796230000070 implements MigrationInterface {
  name = 'ReportRollupChanges1796230000070';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "report_rollup_changes" (
         "version" bigint NOT NULL,
         "application_id" uuid NOT NULL,
         "at" timestamptz NOT NULL DEFAULT now())`,
    );
    await queryRunner.query(`CREATE INDEX "report_rollup_changes_version" ON "report_rollup_changes" ("version")`);
    await queryRunner.query(`CREATE INDEX "report_rollup_changes_at" ON "report_rollup_changes" ("at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "report_rollup_changes"`);
  }
}
