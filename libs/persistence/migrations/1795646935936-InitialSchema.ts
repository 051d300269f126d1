import { MigrationInterface, QueryRunner } from "typeorm";

export class InitialSchema1795646935936 implements MigrationInterface {
    name = 'InitialSchema1795646935936'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "accounts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "password_hash" character varying(100) NOT NULL, "display_name" character varying(100) NOT NULL, "role" character varying(16) NOT NULL, "department_code" character varying(32), "enterprise_id" uuid, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "accounts_scope_check" CHECK ((role = 'applicant' AND enterprise_id IS NOT NULL) OR (role IN ('staff','dept_cio') AND department_code IS NOT NULL) OR role IN ('coord_cio','admin')), CONSTRAINT "accounts_role_check" CHECK (role IN ('applicant','staff','dept_cio','coord_cio','admin')), CONSTRAINT "PK_5a7a02c20412299d198e097a8fe" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_477e3187cedfb5a3ac121e899c" ON "accounts"  ("username") `);
        await queryRunner.query(`CREATE TABLE "application_events" ("id" BIGSERIAL NOT NULL, "application_id" uuid NOT NULL, "type" character varying(48) NOT NULL, "step_key" character varying(64), "round" integer, "actor" character varying(64), "at" TIMESTAMP WITH TIME ZONE NOT NULL, "data" jsonb NOT NULL DEFAULT '{}'::jsonb, "dedupe_key" character varying(300) NOT NULL, CONSTRAINT "UQ_4bc926b4bc67f0431daa7f2f132" UNIQUE ("dedupe_key"), CONSTRAINT "PK_fd185969787381d8bf8c529bc00" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "application_events_timeline" ON "application_events"  ("application_id", "at", "id") `);
        await queryRunner.query(`CREATE TABLE "applications" ("id" uuid NOT NULL, "number" character varying(32) NOT NULL, "service_code" character varying(64) NOT NULL, "service_version" integer NOT NULL, "enterprise_id" uuid NOT NULL, "filed_by" uuid NOT NULL, "idempotency_key" character varying(200) NOT NULL, "status" character varying(24) NOT NULL, "form" jsonb NOT NULL, "materials" jsonb NOT NULL, "pledges" jsonb NOT NULL DEFAULT '{}'::jsonb, "filed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a6f644557607ace234579b26d11" UNIQUE ("number"), CONSTRAINT "applications_idempotency_key" UNIQUE ("enterprise_id", "idempotency_key"), CONSTRAINT "PK_938c0a27255637bde919591888f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "applications_enterprise_filed" ON "applications"  ("enterprise_id", "filed_at", "id") `);
        await queryRunner.query(`CREATE TABLE "departments" ("code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "name_en" character varying(200) NOT NULL, CONSTRAINT "PK_91fddbe23e927e1e525c152baa3" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE TABLE "enterprises" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "credit_code" character varying(18) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_bca102e5421c71d700c4ee4ff9a" UNIQUE ("credit_code"), CONSTRAINT "PK_a019e9afe6517b4f2a4588f2cce" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "service_versions" ("service_code" character varying(64) NOT NULL, "version" integer NOT NULL, "snapshot" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_by" character varying(64) NOT NULL, CONSTRAINT "PK_cd6eef68a0ab1c589682f4adb54" PRIMARY KEY ("service_code", "version"))`);
        await queryRunner.query(`CREATE TABLE "services" ("code" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "published_version" integer, "draft" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f019a17cb439406ab185382df9b" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE TABLE "tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "application_number" character varying(32) NOT NULL, "enterprise_name" character varying(200) NOT NULL, "service_code" character varying(64) NOT NULL, "step_key" character varying(64) NOT NULL, "department_code" character varying(32) NOT NULL, "round" integer NOT NULL, "status" character varying(24) NOT NULL, "assignee" character varying(64), "assignee_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "claimed_at" TIMESTAMP WITH TIME ZONE, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE, "outcome" character varying(24), "opinion" text, "decided_by" character varying(64), "breached_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "tasks_application_step_round" UNIQUE ("application_id", "step_key", "round"), CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "tasks_application" ON "tasks"  ("application_id") `);
        await queryRunner.query(`CREATE INDEX "tasks_queue" ON "tasks"  ("department_code", "status", "created_at", "id") `);
        // Hand-written: TypeORM does not generate sequences or cross-table foreign keys from these entities.
        await queryRunner.query(`CREATE SEQUENCE "application_number_seq"`);
        await queryRunner.query(`ALTER TABLE "accounts" ADD CONSTRAINT "accounts_department_fk" FOREIGN KEY ("department_code") REFERENCES "departments"("code")`);
        await queryRunner.query(`ALTER TABLE "accounts" ADD CONSTRAINT "accounts_enterprise_fk" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id")`);
        await queryRunner.query(`ALTER TABLE "service_versions" ADD CONSTRAINT "service_versions_service_fk" FOREIGN KEY ("service_code") REFERENCES "services"("code")`);
        await queryRunner.query(`ALTER TABLE "applications" ADD CONSTRAINT "applications_enterprise_fk" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id")`);
        await queryRunner.query(`ALTER TABLE "applications" ADD CONSTRAINT "applications_version_fk" FOREIGN KEY ("service_code", "service_version") REFERENCES "service_versions"("service_code", "version")`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD CONSTRAINT "tasks_application_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id")`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD CONSTRAINT "tasks_department_fk" FOREIGN KEY ("department_code") REFERENCES "departments"("code")`);
        await queryRunner.query(`ALTER TABLE "application_events" ADD CONSTRAINT "application_events_application_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const [table, constraint] of [
            ["application_events", "application_events_application_fk"],
            ["tasks", "tasks_department_fk"],
            ["tasks", "tasks_application_fk"],
            ["applications", "applications_version_fk"],
            ["applications", "applications_enterprise_fk"],
            ["service_versions", "service_versions_service_fk"],
            ["accounts", "accounts_enterprise_fk"],
            ["accounts", "accounts_department_fk"],
        ]) {
            await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${constraint}"`);
        }
        await queryRunner.query(`DROP SEQUENCE "application_number_seq"`);
        await queryRunner.query(`DROP INDEX "public"."tasks_queue"`);
        await queryRunner.query(`DROP INDEX "public"."tasks_application"`);
        await queryRunner.query(`DROP TABLE "tasks"`);
        await queryRunner.query(`DROP TABLE "services"`);
        await queryRunner.query(`DROP TABLE "service_versions"`);
        await queryRunner.query(`DROP TABLE "enterprises"`);
        await queryRunner.query(`DROP TABLE "departments"`);
        await queryRunner.query(`DROP INDEX "public"."applications_enterprise_filed"`);
        await queryRunner.query(`DROP TABLE "applications"`);
        await queryRunner.query(`DROP INDEX "public"."application_events_timeline"`);
        await queryRunner.query(`DROP TABLE "application_events"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_477e3187cedfb5a3ac121e899c"`);
        await queryRunner.query(`DROP TABLE "accounts"`);
    }

}
