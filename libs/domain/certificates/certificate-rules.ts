/**
 * Certificates (电子证照): when a case is approved, each department whose step approved it issues
 * one. These are the pure rules: how long a certificate is valid, how its number reads, and what a
 * verification code looks like. Codes are drawn in libs/persistence (they need a secure random
 * source, which workflow code may not import).
 */

/**
 * A step's certificate validity (step config `certificate`): exactly one of a number of years (a
 * licence valid for N years from its issue date) or of calendar days.
 */
export interface CertificateConfig {
  validForYears?: number;
  validForDays?: number;
}

/** What a step without `certificate` in its config issues: valid for five years. */
export const DEFAULT_CERTIFICATE_VALIDITY: Readonly<CertificateConfig> = { validForYears: 5 };
export const MAX_CERTIFICATE_YEARS = 50;
export const MAX_CERTIFICATE_DAYS = 36_500;

export type CertificateStatus = 'valid' | 'revoked';

/** Certificates are dated in the province's time zone, which has no daylight saving time. */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** The calendar year of an instant in Asia/Shanghai: the year a certificate number carries. */
export function shanghaiYear(at: Date): number {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear();
}

/**
 * The instant a certificate stops being valid: N years after issue on the same Shanghai calendar
 * date and time (29 February rolls to 1 March), or N × 24 hours.
 */
export function certificateValidUntil(issuedAt: Date, config: CertificateConfig | undefined): Date {
  const validity = config && (config.validForYears ?? config.validForDays) ? config : DEFAULT_CERTIFICATE_VALIDITY;
  if (validity.validForDays !== undefined) return new Date(issuedAt.getTime() + validity.validForDays * 86_400_000);
  const local = new Date(issuedAt.getTime() + SHANGHAI_OFFSET_MS);
  local.setUTCFullYear(local.getUTCFullYear() + (validity.validForYears ?? 0));
  return new Date(local.getTime() - SHANGHAI_OFFSET_MS);
}

/**
 * A certificate number people can read out and type: the issuing department, the year, and that
 * department's running count in the year, e.g. `MARKET-2026-000042`. The count comes from a
 * counter row per department and year, so numbers are unique; six digits cover a busy department,
 * and a larger count simply has more digits.
 */
export function certificateNumber(departmentCode: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`sequence must be 1 or more, got ${sequence}`);
  return `${departmentCode.toUpperCase()}-${year}-${String(sequence).padStart(6, '0')}`;
}

export const CERTIFICATE_NUMBER_PATTERN = /^[A-Z0-9][A-Z0-9_-]{0,31}-\d{4}-\d{6,}$/;

/** Bytes of randomness in a verification code: 160 bits, beyond guessing even at any request rate. */
export const VERIFY_CODE_BYTES = 20;

/** base64url of VERIFY_CODE_BYTES bytes: 27 characters, safe in a URL path and a QR code. */
export const VERIFY_CODE_PATTERN = /^[A-Za-z0-9_-]{27}$/;

/** Whether a string can be a verification code at all; anything else is unknown without a lookup. */
export function isVerifyCode(value: string): boolean {
  return VERIFY_CODE_PATTERN.test(value);
}

/** A certificate is valid when it was not revoked and its validity has not ended. */
export function certificateIsValid(
  certificate: { status: CertificateStatus; validUntil: Date },
  at: Date,
): { valid: boolean; expired: boolean } {
  const expired = certificate.validUntil.getTime() <= at.getTime();
  return { valid: certificate.status === 'valid' && !expired, expired };
}
