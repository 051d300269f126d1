import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The roll-ups by department first, then time: a department's report (its CIO's, or the
 * coordinating CIO's drill-down) read every department's rows of the window and dropped the others'
 * (at province scale, fire's year read 936,000 decided rounds to keep 73,000). The time-only
 * indexes stay for the province's reports.
 */
const INDEXES: readonly { name: string; definition: string }[] = [
  { name: 'report_rounds_department_decided', definition: 'report_rounds (department_code, decided_at)' },
  { name: 'report_rounds_department_created', definition: 'report_rounds (department_code, created_at)' },
  {
    name: 'report_rounds_department_supplement_decided',
    definition: `report_rounds (department_code, decided_at) WHERE outcome = 'request_supplement'`,
  },
  { name: 'report_marks_department_at', definition: 'report_marks (department_code, at)' },
  {
    name: 'report_stage_members_department_finished',
    definition: 'report_stage_members (department_code, finished_at)',
  },
];

export class ReportDepartmentIndexes1796230000060 implements MigrationInterface {
  name = 'ReportDepartmentIndexes1796230000060';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const index of INDEXES) await queryRunner.query(`CREATE INDEX "${index.name}" ON ${index.definition}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of [...INDEXES].reverse()) await queryRunner.query(`DROP INDEX "public"."${index.name}"`);
  }
}
