import { MigrationInterface, QueryRunner } from "typeorm";

export class ServiceConfiguration1795649651849 implements MigrationInterface {
    name = 'ServiceConfiguration1795649651849'

    // Generated, then reviewed by hand: the generator also proposed dropping the hand-written foreign keys of
    // InitialSchema and re-setting two jsonb defaults it does not recognise; those statements were removed, and
    // the foreign key to services was added by hand (as in InitialSchema). Drafts live in the existing
    // services.draft column, so this migration only adds the configuration audit trail.
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "config_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "service_code" character varying(64) NOT NULL, "step_key" character varying(64), "department_code" character varying(32), "action" character varying(24) NOT NULL, "actor" character varying(64) NOT NULL, "role" character varying(16) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "before" jsonb, "after" jsonb, "revision" integer, CONSTRAINT "config_changes_action_check" CHECK (action IN ('create_service','update_route','update_step','publish')), CONSTRAINT "PK_b21a293cc5c4f1de332edc58987" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "config_changes_service_department" ON "config_changes"  ("service_code", "department_code", "at", "id") `);
        await queryRunner.query(`CREATE INDEX "config_changes_service" ON "config_changes"  ("service_code", "at", "id") `);
        await queryRunner.query(`ALTER TABLE "config_changes" ADD CONSTRAINT "config_changes_service_fk" FOREIGN KEY ("service_code") REFERENCES "services"("code")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "config_changes" DROP CONSTRAINT "config_changes_service_fk"`);
        await queryRunner.query(`DROP INDEX "public"."config_changes_service"`);
        await queryRunner.query(`DROP INDEX "public"."config_changes_service_department"`);
        await queryRunner.query(`DROP TABLE "config_changes"`);
    }

}
