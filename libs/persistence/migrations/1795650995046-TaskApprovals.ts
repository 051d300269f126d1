import { MigrationInterface, QueryRunner } from "typeorm";

export class TaskApprovals1795650995046 implements MigrationInterface {
    name = 'TaskApprovals1795650995046'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "tasks" ADD "approvals" jsonb NOT NULL DEFAULT '[]'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "approvals"`);
    }

}
