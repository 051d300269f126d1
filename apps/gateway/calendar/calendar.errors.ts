import type { CalendarDayKind } from '../../../libs/domain';
import { GatewayError } from '../common/gateway.error';

export enum CalendarErrorCode {
  /** A holiday on a weekend or a make-up working day on a weekday: it would change no count. */
  CalendarDayRedundant = 'CALENDAR_DAY_REDUNDANT',
  /** Deleting a date that has no entry: it already follows the weekday rule. */
  CalendarDayNotFound = 'CALENDAR_DAY_NOT_FOUND',
}

export const CalendarErrors = {
  redundant: (date: string, kind: CalendarDayKind, reason: string) =>
    new GatewayError(CalendarErrorCode.CalendarDayRedundant, reason, { date, kind }),
  notFound: (date: string) =>
    new GatewayError(
      CalendarErrorCode.CalendarDayNotFound,
      `${date} has no holiday or make-up working day entry; it already follows the weekday rule`,
      { date },
    ),
};
