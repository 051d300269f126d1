import { MigrationInterface, QueryRunner } from "typeorm";

export class OpinionTemplates1796177524465 implements MigrationInterface {
    name = 'OpinionTemplates1796177524465'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "opinion_templates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "department_code" character varying(32) NOT NULL, "text" character varying(500) NOT NULL, "created_by" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "opinion_templates_department_text" UNIQUE ("department_code", "text"), CONSTRAINT "PK_82bdda95ad5e11ef6106769bfdf" PRIMARY KEY ("id"))`);
        await queryRunner.query(`ALTER TABLE "opinion_templates" ADD CONSTRAINT "opinion_templates_department_fk" FOREIGN KEY ("department_code") REFERENCES "departments"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "opinion_templates" DROP CONSTRAINT "opinion_templates_department_fk"`);
        await queryRunner.query(`DROP TABLE "opinion_templates"`);
    }

}
