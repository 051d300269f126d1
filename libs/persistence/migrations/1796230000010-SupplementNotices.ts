import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consolidated supplement notices (一次性告知): one row per notice a case's workflow issues, keyed by
 * the id the workflow chose (so a retried write is a no-op), numbered within the case. `items` lists
 * every department's request; `answer` is the enterprise's one answer (form changes, files, note),
 * written once: `answered_at` goes from null to a time and never back.
 */
export class SupplementNotices1796230000010 implements MigrationInterface {
  name = 'SupplementNotices1796230000010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "supplement_notices" (
      "id" uuid NOT NULL,
      "application_id" uuid NOT NULL,
      "number" integer NOT NULL,
      "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "steps" jsonb NOT NULL,
      "items" jsonb NOT NULL,
      "answered_at" TIMESTAMP WITH TIME ZONE,
      "answered_by" character varying(64),
      "answer" jsonb,
      CONSTRAINT "supplement_notices_answer_complete" CHECK ((answer IS NULL) = (answered_at IS NULL)),
      CONSTRAINT "supplement_notices_number" UNIQUE ("application_id", "number"),
      CONSTRAINT "PK_supplement_notices" PRIMARY KEY ("id"),
      CONSTRAINT "supplement_notices_application_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "supplement_notices"`);
  }
}
