import { MigrationInterface, QueryRunner } from "typeorm";

export class HandlingGroups1795651188995 implements MigrationInterface {
    name = 'HandlingGroups1795651188995'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "accounts" ADD "staff_groups" character varying(64) array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD "handling_group" character varying(64)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "handling_group"`);
        await queryRunner.query(`ALTER TABLE "accounts" DROP COLUMN "staff_groups"`);
    }

}
