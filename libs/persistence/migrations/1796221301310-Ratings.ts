import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ratings (好差评): one per department and ended case, enforced by a unique constraint so two
 * concurrent POSTs still leave one rating. A low score (1 or 2) is a follow-up the department CIO
 * answers once; the partial index serves the CIO's "awaiting an answer" list.
 */
export class Ratings1796221301310 implements MigrationInterface {
  name = 'Ratings1796221301310';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "ratings" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "application_id" uuid NOT NULL,
      "department_code" character varying(32) NOT NULL,
      "enterprise_id" uuid NOT NULL,
      "score" smallint NOT NULL,
      "comment" character varying(500),
      "rated_by" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "follow_up" boolean GENERATED ALWAYS AS (score <= 2) STORED,
      "answer" character varying(1000),
      "answered_by" uuid,
      "answered_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "ratings_score_range" CHECK (score BETWEEN 1 AND 5),
      CONSTRAINT "ratings_answer_complete" CHECK ((answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (answered_by IS NULL)),
      CONSTRAINT "ratings_once_per_department" UNIQUE ("application_id", "department_code"),
      CONSTRAINT "PK_ratings" PRIMARY KEY ("id"),
      CONSTRAINT "ratings_application_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id"),
      CONSTRAINT "ratings_department_fk" FOREIGN KEY ("department_code") REFERENCES "departments"("code"),
      CONSTRAINT "ratings_enterprise_fk" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id"),
      CONSTRAINT "ratings_rated_by_fk" FOREIGN KEY ("rated_by") REFERENCES "accounts"("id"),
      CONSTRAINT "ratings_answered_by_fk" FOREIGN KEY ("answered_by") REFERENCES "accounts"("id"))`);
    await queryRunner.query(`CREATE INDEX "ratings_by_department" ON "ratings" ("department_code", "created_at", "id")`);
    await queryRunner.query(`CREATE INDEX "ratings_by_time" ON "ratings" ("created_at", "id")`);
    await queryRunner.query(
      `CREATE INDEX "ratings_awaiting_answer" ON "ratings" ("department_code", "created_at", "id") WHERE follow_up AND answer IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "ratings"`);
  }
}
