import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Weekly bottleneck reports as delivered: snapshots (immutable, one per reported week), the
 * coordinating CIO's threshold rules per department, the state of each rule at its last evaluation
 * (so an alert is raised once per crossing, not every week), and the alerts raised.
 */
export class WeeklyReports1796201000000 implements MigrationInterface {
  name = 'WeeklyReports1796201000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // One row per reported week: the unique week is what makes a retried or doubly triggered run
    // store nothing twice (INSERT … ON CONFLICT DO NOTHING).
    await queryRunner.query(`
      CREATE TABLE report_snapshots (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        week_start timestamptz NOT NULL,
        week_end timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        workflow_id varchar(300) NOT NULL,
        CONSTRAINT report_snapshots_week UNIQUE (week_start),
        CONSTRAINT report_snapshots_week_forward CHECK (week_end > week_start)
      )`);
    await queryRunner.query(`CREATE INDEX report_snapshots_by_week ON report_snapshots (week_start DESC, id DESC)`);
    // The report as each reader sees it, computed when the snapshot was taken: scope '' is every
    // department (the coordinating CIO's), otherwise the department CIO's own cut, computed the way
    // the live report is scoped (a cut of the whole would rank differently and could leak).
    await queryRunner.query(`
      CREATE TABLE report_snapshot_reports (
        snapshot_id uuid NOT NULL REFERENCES report_snapshots(id),
        scope varchar(32) NOT NULL,
        report jsonb NOT NULL,
        PRIMARY KEY (snapshot_id, scope)
      )`);
    await queryRunner.query(`
      CREATE TABLE report_thresholds (
        department_code varchar(32) NOT NULL PRIMARY KEY REFERENCES departments(code),
        breach_rate double precision CHECK (breach_rate > 0 AND breach_rate <= 1),
        overdue_open integer CHECK (overdue_open >= 0),
        updated_at timestamptz NOT NULL,
        updated_by varchar(64) NOT NULL
      )`);
    // Whether each rule was crossed at its last evaluation, and by which run: a retried activity of
    // the same run sees its own evaluation and raises nothing again.
    await queryRunner.query(`
      CREATE TABLE report_threshold_state (
        department_code varchar(32) NOT NULL REFERENCES departments(code),
        rule varchar(16) NOT NULL CHECK (rule IN ('breachRate', 'overdueOpen')),
        crossed boolean NOT NULL,
        last_run_id varchar(300),
        evaluated_at timestamptz,
        PRIMARY KEY (department_code, rule)
      )`);
    await queryRunner.query(`
      CREATE TABLE report_alerts (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        snapshot_id uuid NOT NULL REFERENCES report_snapshots(id),
        run_id varchar(300) NOT NULL,
        department_code varchar(32) NOT NULL REFERENCES departments(code),
        rule varchar(16) NOT NULL CHECK (rule IN ('breachRate', 'overdueOpen')),
        threshold double precision NOT NULL,
        value double precision NOT NULL,
        raised_at timestamptz NOT NULL,
        CONSTRAINT report_alerts_once_per_run UNIQUE (run_id, department_code, rule)
      )`);
    await queryRunner.query(`CREATE INDEX report_alerts_newest ON report_alerts (raised_at DESC, id DESC)`);
    await queryRunner.query(
      `CREATE INDEX report_alerts_by_department ON report_alerts (department_code, raised_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX report_alerts_by_snapshot ON report_alerts (snapshot_id)`);
    // Past reports stay as they were delivered: the database itself refuses to change them.
    await queryRunner.query(`
      CREATE FUNCTION refuse_report_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
      END $$`);
    for (const table of ['report_snapshots', 'report_snapshot_reports', 'report_alerts']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_immutable BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_report_history_change()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION refuse_report_history_change()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE report_alerts`);
    await queryRunner.query(`DROP TABLE report_threshold_state`);
    await queryRunner.query(`DROP TABLE report_thresholds`);
    await queryRunner.query(`DROP TABLE report_snapshot_reports`);
    await queryRunner.query(`DROP TABLE report_snapshots`);
    await queryRunner.query(`DROP FUNCTION refuse_report_history_change()`);
  }
}
