import { MigrationInterface, QueryRunner } from "typeorm";

export class WorkflowStartedAt1795651597193 implements MigrationInterface {
    name = 'WorkflowStartedAt1795651597193'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "applications" ADD "workflow_started_at" TIMESTAMP WITH TIME ZONE`);
        // Filings made before this column existed had their workflows started by the gateway (or by a
        // client retry); marking them keeps the reconciler from re-checking every old case at once.
        await queryRunner.query(`UPDATE "applications" SET "workflow_started_at" = "filed_at"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "workflow_started_at"`);
    }

}
