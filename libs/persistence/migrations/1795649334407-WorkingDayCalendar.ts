import { MigrationInterface, QueryRunner } from "typeorm";

export class WorkingDayCalendar1795649334407 implements MigrationInterface {
    name = 'WorkingDayCalendar1795649334407'

    // Generated, then reviewed by hand: the generator also proposed dropping the hand-written foreign keys of
    // InitialSchema and re-setting two jsonb defaults it does not recognise; those statements were removed,
    // so this migration only creates the working-day calendar tables.
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "calendar_changes" ("id" BIGSERIAL NOT NULL, "date" date NOT NULL, "action" character varying(16) NOT NULL, "before" jsonb, "after" jsonb, "changed_by" character varying(64) NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "calendar_changes_action_check" CHECK (action IN ('put','delete')), CONSTRAINT "PK_69e2008eba224ad075619d0245f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "calendar_changes_date" ON "calendar_changes"  ("date", "changed_at") `);
        await queryRunner.query(`CREATE TABLE "calendar_days" ("date" date NOT NULL, "kind" character varying(16) NOT NULL, "name" character varying(100) NOT NULL, "source" text NOT NULL, "updated_by" character varying(64) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "calendar_days_kind_check" CHECK (kind IN ('holiday','workday')), CONSTRAINT "PK_1c04d56e8833eb6827f104f17e0" PRIMARY KEY ("date"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "calendar_days"`);
        await queryRunner.query(`DROP INDEX "public"."calendar_changes_date"`);
        await queryRunner.query(`DROP TABLE "calendar_changes"`);
    }

}
