import { MigrationInterface, QueryRunner } from "typeorm";

export class StuckCases1796197683119 implements MigrationInterface {
    name = 'StuckCases1796197683119'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "tasks_waiting_on_department" ON "tasks"  ("department_code", "created_at", "id") WHERE status IN ('pending', 'claimed', 'paused')`);
        await queryRunner.query(`CREATE INDEX "tasks_waiting" ON "tasks"  ("created_at", "id") WHERE status IN ('pending', 'claimed', 'paused')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."tasks_waiting"`);
        await queryRunner.query(`DROP INDEX "public"."tasks_waiting_on_department"`);
    }

}
