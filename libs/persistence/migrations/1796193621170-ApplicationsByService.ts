import { MigrationInterface, QueryRunner } from "typeorm";

export class ApplicationsByService1796193621170 implements MigrationInterface {
    name = 'ApplicationsByService1796193621170'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "applications_service_filed" ON "applications"  ("service_code", "filed_at", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."applications_service_filed"`);
    }

}
