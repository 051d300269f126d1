import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificates (电子证照): one per approving step of an approved case, issued in the transaction that
 * records the approval; the unique (application, step) pair makes a retried write issue nothing
 * more. Numbers count per department and year in `certificate_counters`, whose row lock orders
 * concurrent issues. The verification code is the certificate's public key for the verify page.
 */
export class Certificates1796230000040 implements MigrationInterface {
  name = 'Certificates1796230000040';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "certificate_counters" (
      "department_code" character varying(32) NOT NULL,
      "year" smallint NOT NULL,
      "last_number" integer NOT NULL,
      CONSTRAINT "PK_certificate_counters" PRIMARY KEY ("department_code", "year"),
      CONSTRAINT "certificate_counters_department_fk" FOREIGN KEY ("department_code") REFERENCES "departments"("code"))`);
    await queryRunner.query(`CREATE TABLE "certificates" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "number" character varying(64) NOT NULL,
      "application_id" uuid NOT NULL,
      "step_key" character varying(64) NOT NULL,
      "department_code" character varying(32) NOT NULL,
      "enterprise_id" uuid NOT NULL,
      "holder" character varying(200) NOT NULL,
      "holder_credit_code" character varying(18) NOT NULL,
      "service_name" character varying(200) NOT NULL,
      "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "valid_until" TIMESTAMP WITH TIME ZONE NOT NULL,
      "verify_code" character varying(64) NOT NULL,
      "status" character varying(16) NOT NULL DEFAULT 'valid',
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      "revoke_reason" character varying(500),
      CONSTRAINT "certificates_status_check" CHECK (status IN ('valid','revoked')),
      CONSTRAINT "certificates_revocation_complete" CHECK ((status = 'revoked') = (revoked_at IS NOT NULL)),
      CONSTRAINT "certificates_validity_after_issue" CHECK (valid_until > issued_at),
      CONSTRAINT "certificates_number_unique" UNIQUE ("number"),
      CONSTRAINT "certificates_verify_code_unique" UNIQUE ("verify_code"),
      CONSTRAINT "certificates_once_per_step" UNIQUE ("application_id", "step_key"),
      CONSTRAINT "PK_certificates" PRIMARY KEY ("id"),
      CONSTRAINT "certificates_application_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id"),
      CONSTRAINT "certificates_department_fk" FOREIGN KEY ("department_code") REFERENCES "departments"("code"),
      CONSTRAINT "certificates_enterprise_fk" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "certificates"`);
    await queryRunner.query(`DROP TABLE "certificate_counters"`);
  }
}
