import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reports' roll-ups: per task round, per supervision mark and per parallel-stage member, each
 * recomputed from an application's event log whenever the log grows (report_refresh_queue says
 * which logs grew). Hand-written: the range and multirange types and the GiST expression index
 * have no TypeORM entity equivalent, and only raw SQL reads these tables.
 */
export class ReportRollups1796197464689 implements MigrationInterface {
  name = 'ReportRollups1796197464689';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE report_rounds (
        application_id uuid NOT NULL,
        step_key varchar(64) NOT NULL,
        round int NOT NULL,
        service_code varchar(64) NOT NULL,
        department_code varchar(32) NOT NULL,
        created_at timestamptz NOT NULL,
        -- The department's part ended (decided or cancelled); open (work in progress) while null.
        ended_at timestamptz,
        decided_at timestamptz,
        outcome varchar(24),
        deemed boolean NOT NULL,
        breached boolean NOT NULL,
        -- Closed spans only: final once the round is decided.
        queue_ms bigint NOT NULL, queue_wms bigint NOT NULL,
        handling_ms bigint NOT NULL, handling_wms bigint NOT NULL,
        paused_ms bigint NOT NULL, paused_wms bigint NOT NULL,
        -- The supplement wait after a request_supplement decision: null while it lasts.
        applicant_until timestamptz,
        applicant_ms bigint, applicant_wms bigint,
        pauses tstzmultirange NOT NULL,
        due_set_at timestamptz[] NOT NULL,
        due_at timestamptz[] NOT NULL,
        CONSTRAINT report_rounds_pk PRIMARY KEY (application_id, step_key, round)
      )`);
    await queryRunner.query(`CREATE INDEX report_rounds_decided ON report_rounds (decided_at)`);
    await queryRunner.query(`CREATE INDEX report_rounds_created ON report_rounds (created_at)`);
    await queryRunner.query(
      `CREATE INDEX report_rounds_lifespan ON report_rounds USING gist (tstzrange(created_at, ended_at, '[)'))`,
    );
    await queryRunner.query(`
      CREATE TABLE report_marks (
        application_id uuid NOT NULL,
        step_key varchar(64) NOT NULL,
        round int NOT NULL,
        service_code varchar(64) NOT NULL,
        department_code varchar(32) NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('warning', 'yellow', 'red', 'urge', 'reassign')),
        at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX report_marks_at ON report_marks (at)`);
    await queryRunner.query(`CREATE INDEX report_marks_application ON report_marks (application_id)`);
    await queryRunner.query(`
      CREATE TABLE report_stage_members (
        application_id uuid NOT NULL,
        stage varchar(64) NOT NULL,
        department_code varchar(32) NOT NULL,
        service_code varchar(64) NOT NULL,
        finished_at timestamptz NOT NULL,
        is_last boolean NOT NULL,
        -- What the stage's last department added (previous finish → its own); 0 for the others.
        added_ms bigint NOT NULL,
        added_wms bigint NOT NULL,
        CONSTRAINT report_stage_members_pk PRIMARY KEY (application_id, stage, department_code)
      )`);
    await queryRunner.query(`CREATE INDEX report_stage_members_finished ON report_stage_members (finished_at)`);
    await queryRunner.query(`
      CREATE TABLE report_refresh_queue (
        application_id uuid NOT NULL CONSTRAINT report_refresh_queue_pk PRIMARY KEY,
        -- Bumped by every event appended: a refresh removes the entry only if nothing came since.
        seq bigint NOT NULL DEFAULT 1,
        queued_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Logs written before the roll-ups existed are rolled up by the worker like any other.
    await queryRunner.query(`INSERT INTO report_refresh_queue (application_id) SELECT id FROM applications`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE report_refresh_queue`);
    await queryRunner.query(`DROP TABLE report_stage_members`);
    await queryRunner.query(`DROP TABLE report_marks`);
    await queryRunner.query(`DROP TABLE report_rounds`);
  }
}
