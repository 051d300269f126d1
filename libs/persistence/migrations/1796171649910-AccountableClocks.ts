import { MigrationInterface, QueryRunner } from "typeorm";

export class AccountableClocks1796171649910 implements MigrationInterface {
    name = 'AccountableClocks1796171649910'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recipient_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "title" character varying(300) NOT NULL, "body" text NOT NULL, "title_en" character varying(300) NOT NULL, "body_en" text NOT NULL, "urgent" boolean NOT NULL DEFAULT false, "application_id" uuid, "step_key" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, "dedupe_key" character varying(300) NOT NULL, "webhook_delivered_at" TIMESTAMP WITH TIME ZONE, "webhook_attempts" integer NOT NULL DEFAULT '0', "webhook_last_error" text, CONSTRAINT "UQ_1ce34a3c9fd97cd56bcb734ca9e" UNIQUE ("dedupe_key"), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "notifications_inbox" ON "notifications"  ("recipient_id", "created_at", "id") `);
        // The log's kinds are DESIGN.md's names now; rows written before keep their meaning.
        await queryRunner.query(`ALTER TABLE "application_events" RENAME COLUMN "type" TO "kind"`);
        await queryRunner.query(`ALTER TABLE "application_events" RENAME COLUMN "actor" TO "actor_username"`);
        await queryRunner.query(`UPDATE "application_events" SET "kind" = CASE "kind"
            WHEN 'step_decided' THEN 'decided'
            WHEN 'step_reviewed' THEN 'reviewed'
            WHEN 'supplement_supplied' THEN 'supplement_answered'
            WHEN 'time_limit_breached' THEN 'breached'
            ELSE "kind" END`);
        // Terminal statuses are events of their own kind; in_progress / awaiting_applicant stay status_changed.
        await queryRunner.query(`UPDATE "application_events" SET "kind" = "data"->>'status'
            WHERE "kind" = 'status_changed' AND "data"->>'status' IN ('approved','rejected','withdrawn','terminated')`);
        await queryRunner.query(`ALTER TABLE "applications" ADD "due_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "applications" ADD "clock_stopped_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "applications" ADD "remaining_working_ms" bigint`);
        await queryRunner.query(`ALTER TABLE "applications" ADD "breached_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "applications" ADD "clock_change_number" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "applications" ADD "status_change_number" integer NOT NULL DEFAULT '0'`);
        // Status changes already applied keep their order: a late retry of one of them must not win.
        await queryRunner.query(`UPDATE "applications" a SET "status_change_number" = COALESCE((
            SELECT max(split_part(e."dedupe_key", ':status:', 2)::int) FROM "application_events" e
             WHERE e."application_id" = a."id" AND e."dedupe_key" LIKE '%:status:%'), 0)`);
        await queryRunner.query(`ALTER TABLE "application_events" ADD "actor_id" uuid`);
        await queryRunner.query(`ALTER TABLE "application_events" ADD "actor_role" character varying(16)`);
        await queryRunner.query(`ALTER TABLE "application_events" ADD "actor_department" character varying(32)`);
        await queryRunner.query(`UPDATE "application_events" e
            SET "actor_id" = a."id", "actor_role" = a."role", "actor_department" = a."department_code"
            FROM "accounts" a WHERE a."username" = e."actor_username"`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD "first_claimed_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`UPDATE "tasks" SET "first_claimed_at" = "claimed_at"`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD "clock_stopped_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD "remaining_working_ms" bigint`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD "pause_reason" character varying(24)`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD "cards" jsonb NOT NULL DEFAULT '[]'`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD "urges" jsonb NOT NULL DEFAULT '[]'`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD "basis" character varying(16)`);
        await queryRunner.query(`UPDATE "tasks" SET "basis" = 'decision' WHERE "decided_at" IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_fk" FOREIGN KEY ("recipient_id") REFERENCES "accounts"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "notifications_application_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "notifications_application_fk"`);
        await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "notifications_recipient_fk"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "basis"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "urges"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "cards"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "pause_reason"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "remaining_working_ms"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "clock_stopped_at"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "first_claimed_at"`);
        await queryRunner.query(`ALTER TABLE "application_events" DROP COLUMN "actor_department"`);
        await queryRunner.query(`ALTER TABLE "application_events" DROP COLUMN "actor_role"`);
        await queryRunner.query(`ALTER TABLE "application_events" DROP COLUMN "actor_id"`);
        await queryRunner.query(`ALTER TABLE "application_events" RENAME COLUMN "actor_username" TO "actor"`);
        await queryRunner.query(`ALTER TABLE "application_events" RENAME COLUMN "kind" TO "type"`);
        await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "status_change_number"`);
        await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "clock_change_number"`);
        await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "breached_at"`);
        await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "remaining_working_ms"`);
        await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "clock_stopped_at"`);
        await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "due_at"`);
        await queryRunner.query(`DROP INDEX "public"."notifications_inbox"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
    }

}
