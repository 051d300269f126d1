import {
  CERTIFICATE_NUMBER_PATTERN,
  certificateIsValid,
  certificateNumber,
  certificateValidUntil,
  isVerifyCode,
  shanghaiYear,
} from '../../libs/domain/certificates/certificate-rules';
import { defaultStepConfig } from '../../libs/domain/service/step-config';
import { validateStepConfig } from '../../libs/domain/service/step-config.rules';
import { newVerifyCode } from '../../libs/persistence/repositories/certificate.repository';

describe('certificate numbers', () => {
  test('read as department, year and a six-digit running count', () => {
    expect(certificateNumber('market', 2026, 42)).toBe('MARKET-2026-000042');
    expect(certificateNumber('fire', 2027, 1)).toBe('FIRE-2027-000001');
    expect(CERTIFICATE_NUMBER_PATTERN.test(certificateNumber('environment', 2026, 7))).toBe(true);
  });

  test('a count beyond six digits gets more digits rather than wrapping', () => {
    expect(certificateNumber('tax', 2026, 1_234_567)).toBe('TAX-2026-1234567');
  });

  test('distinct counts give distinct numbers; a count below 1 is a bug, not a number', () => {
    const numbers = new Set(Array.from({ length: 1000 }, (_, i) => certificateNumber('market', 2026, i + 1)));
    expect(numbers.size).toBe(1000);
    expect(() => certificateNumber('market', 2026, 0)).toThrow(RangeError);
    expect(() => certificateNumber('market', 2026, 1.5)).toThrow(RangeError);
  });

  test('the year is the issue date’s year in Asia/Shanghai', () => {
    // 31 December 17:00 UTC is already 1 January in Shanghai.
    expect(shanghaiYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
    expect(shanghaiYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
  });
});

describe('verification codes', () => {
  test('carry 160 random bits as 27 URL-safe characters', () => {
    const code = newVerifyCode();
    expect(code).toMatch(/^[A-Za-z0-9_-]{27}$/);
    expect(Buffer.from(code, 'base64url')).toHaveLength(20);
    expect(isVerifyCode(code)).toBe(true);
    expect(encodeURIComponent(code)).toBe(code);
  });

  test('never repeat across many draws', () => {
    const codes = new Set(Array.from({ length: 10_000 }, () => newVerifyCode()));
    expect(codes.size).toBe(10_000);
  });

  test('anything not shaped like a code is unknown without a lookup', () => {
    for (const value of ['', 'abc', 'x'.repeat(28), `${'a'.repeat(26)}=`, `${'a'.repeat(26)}/`, '../../etc/passwd']) {
      expect(isVerifyCode(value)).toBe(false);
    }
  });
});

describe('certificate validity', () => {
  const issuedAt = new Date('2026-03-10T02:30:00Z');

  test('defaults to five years from the issue date when the step config says nothing', () => {
    expect(certificateValidUntil(issuedAt, undefined).toISOString()).toBe('2031-03-10T02:30:00.000Z');
  });

  test('follows validForYears or validForDays', () => {
    expect(certificateValidUntil(issuedAt, { validForYears: 3 }).toISOString()).toBe('2029-03-10T02:30:00.000Z');
    expect(certificateValidUntil(issuedAt, { validForDays: 30 }).toISOString()).toBe('2026-04-09T02:30:00.000Z');
  });

  test('counts years on the Shanghai calendar date, across the UTC date line', () => {
    // 1 January 06:00 in Shanghai is still 31 December in UTC.
    const newYearsMorning = new Date('2025-12-31T22:00:00Z');
    expect(certificateValidUntil(newYearsMorning, { validForYears: 1 }).toISOString()).toBe('2026-12-31T22:00:00.000Z');
  });

  test('is valid until revoked or past its end', () => {
    const validUntil = new Date('2027-01-01T00:00:00Z');
    expect(certificateIsValid({ status: 'valid', validUntil }, new Date('2026-12-31T23:59:59Z'))).toEqual({
      valid: true,
      expired: false,
    });
    expect(certificateIsValid({ status: 'valid', validUntil }, validUntil)).toEqual({ valid: false, expired: true });
    expect(certificateIsValid({ status: 'revoked', validUntil }, new Date('2026-06-01T00:00:00Z'))).toEqual({
      valid: false,
      expired: false,
    });
  });
});

describe('step config: certificate', () => {
  const rules = (certificate: unknown) =>
    validateStepConfig(defaultStepConfig({ certificate } as never)).map((p) => [p.path, p.rule]);

  test('absent, or exactly one whole period in range, is accepted', () => {
    expect(rules(undefined)).toEqual([]);
    expect(rules({ validForYears: 1 })).toEqual([]);
    expect(rules({ validForYears: 50 })).toEqual([]);
    expect(rules({ validForDays: 36_500 })).toEqual([]);
  });

  test('both periods, or neither, is refused naming the rule', () => {
    expect(rules({ validForYears: 5, validForDays: 30 })).toEqual([
      ['certificate', 'CERTIFICATE_VALIDITY_EXACTLY_ONE'],
    ]);
    expect(rules({})).toEqual([['certificate', 'CERTIFICATE_VALIDITY_EXACTLY_ONE']]);
  });

  test('a period out of range or not whole is refused at its own path', () => {
    expect(rules({ validForYears: 0 })).toEqual([['certificate.validForYears', 'WHOLE_NUMBER_OUT_OF_RANGE']]);
    expect(rules({ validForYears: 51 })).toEqual([['certificate.validForYears', 'WHOLE_NUMBER_OUT_OF_RANGE']]);
    expect(rules({ validForYears: 2.5 })).toEqual([['certificate.validForYears', 'WHOLE_NUMBER_OUT_OF_RANGE']]);
    expect(rules({ validForDays: 36_501 })).toEqual([['certificate.validForDays', 'WHOLE_NUMBER_OUT_OF_RANGE']]);
  });
});
