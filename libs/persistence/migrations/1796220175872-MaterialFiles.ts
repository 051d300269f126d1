import { MigrationInterface, QueryRunner } from "typeorm";

export class MaterialFiles1796220175872 implements MigrationInterface {
    name = 'MaterialFiles1796220175872'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "files" ("id" uuid NOT NULL, "enterprise_id" uuid NOT NULL, "uploaded_by" uuid NOT NULL, "name" character varying(255) NOT NULL, "content_type" character varying(127) NOT NULL, "extension" character varying(16) NOT NULL, "size" bigint NOT NULL, "sha256" character(64) NOT NULL, "service_code" character varying(64) NOT NULL, "material_code" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_files_id" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "files_enterprise_created" ON "files" ("enterprise_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "files" ADD CONSTRAINT "files_enterprise_fk" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE TABLE "application_files" ("application_id" uuid NOT NULL, "material_code" character varying(64) NOT NULL, "file_id" uuid NOT NULL, "source" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_application_files" PRIMARY KEY ("application_id", "material_code", "file_id"))`);
        await queryRunner.query(`CREATE INDEX "application_files_file" ON "application_files" ("file_id") `);
        await queryRunner.query(`ALTER TABLE "application_files" ADD CONSTRAINT "application_files_application_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "application_files" ADD CONSTRAINT "application_files_file_fk" FOREIGN KEY ("file_id") REFERENCES "files"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "application_files" DROP CONSTRAINT "application_files_file_fk"`);
        await queryRunner.query(`ALTER TABLE "application_files" DROP CONSTRAINT "application_files_application_fk"`);
        await queryRunner.query(`DROP INDEX "public"."application_files_file"`);
        await queryRunner.query(`DROP TABLE "application_files"`);
        await queryRunner.query(`ALTER TABLE "files" DROP CONSTRAINT "files_enterprise_fk"`);
        await queryRunner.query(`DROP INDEX "public"."files_enterprise_created"`);
        await queryRunner.query(`DROP TABLE "files"`);
    }

}
