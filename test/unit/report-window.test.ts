import { GatewayError } from '../../apps/gateway/common/gateway.error';
import { reportWindow } from '../../apps/gateway/reports/reports.service';

describe('the window of a report', () => {
  const now = new Date('2026-10-01T00:00:00Z');

  test('defaults to the 30 days up to now; `from` alone runs to now; `to` alone reaches 30 days back', () => {
    expect(reportWindow({}, now)).toEqual({ from: new Date('2026-09-01T00:00:00Z'), to: now });
    expect(reportWindow({ from: '2026-09-20T08:00:00+08:00' }, now)).toEqual({
      from: new Date('2026-09-20T00:00:00Z'),
      to: now,
    });
    expect(reportWindow({ to: '2026-07-31T00:00:00Z' }, now).from).toEqual(new Date('2026-07-01T00:00:00Z'));
  });

  test('an empty or backward window and one longer than 366 days are refused on `to`', () => {
    const refusal = (query: { from?: string; to?: string }) => {
      try {
        reportWindow(query, now);
      } catch (error) {
        return error instanceof GatewayError ? error.details : error;
      }
      return 'accepted';
    };
    expect(refusal({ from: '2026-09-01T00:00:00Z', to: '2026-09-01T00:00:00Z' })).toEqual([
      expect.objectContaining({ field: 'to', rule: 'WINDOW_NOT_FORWARD' }),
    ]);
    expect(refusal({ from: '2025-09-29T23:59:59Z', to: '2026-10-01T00:00:00Z' })).toEqual([
      expect.objectContaining({ field: 'to', rule: 'WINDOW_TOO_LONG', params: { max: 366 } }),
    ]);
    // Exactly 366 days is allowed.
    expect(refusal({ from: '2025-09-30T00:00:00Z', to: '2026-10-01T00:00:00Z' })).toBe('accepted');
  });
});
