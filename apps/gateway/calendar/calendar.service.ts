import { Injectable } from '@nestjs/common';
import {
  calendarFromDays,
  redundantCalendarDay,
  shanghaiDate,
  workingDaySchedule,
  type CalendarDayKind,
} from '../../../libs/domain';
import { CalendarRepository, type CalendarDayRecord } from '../../../libs/persistence/repositories/calendar.repository';
import type { Identity } from '../auth/auth.types';
import {
  CALENDAR_TIME_ZONE,
  type CalendarChangeDto,
  type CalendarDayDto,
  type CalendarDayRequestDto,
  type CalendarEntryDto,
  type CalendarYearDto,
  type DueDateDto,
  type DueDateQueryDto,
} from './calendar.dto';
import { CalendarErrors } from './calendar.errors';

/** The longest limit (365 working days) ends well within two years after the start year. */
const DUE_DATE_YEARS_AHEAD = 2;

const yearOf = (date: string): number => Number(date.slice(0, 4));

@Injectable()
export class CalendarService {
  constructor(private readonly calendar: CalendarRepository) {}

  async year(year: number = yearOf(shanghaiDate(new Date()))): Promise<CalendarYearDto> {
    const days = await this.calendar.findYears(year, year);
    const entries = (kind: CalendarDayKind): CalendarEntryDto[] =>
      days.filter((d) => d.kind === kind).map((d) => ({ date: d.date, name: d.name, source: d.source }));
    return { year, holidays: entries('holiday'), makeUpWorkdays: entries('workday') };
  }

  /** Reads the calendar on every request, so an admin's correction answers at once. */
  async dueDate(query: DueDateQueryDto): Promise<DueDateDto> {
    const start = new Date(query.start);
    const fromYear = yearOf(shanghaiDate(start));
    const days = await this.calendar.findYears(fromYear, fromYear + DUE_DATE_YEARS_AHEAD);
    const { dueAt, countedDays } = workingDaySchedule(start, query.workingDays, calendarFromDays(days));

    const covered = new Set(days.map((d) => yearOf(d.date)));
    const yearsWithoutCalendar: number[] = [];
    for (let year = fromYear; year <= yearOf(countedDays[countedDays.length - 1]); year += 1) {
      if (!covered.has(year)) yearsWithoutCalendar.push(year);
    }
    return {
      start,
      workingDays: query.workingDays,
      dueAt,
      timeZone: CALENDAR_TIME_ZONE,
      countedDays,
      yearsWithoutCalendar,
    };
  }

  async putDay(identity: Identity, date: string, request: CalendarDayRequestDto): Promise<CalendarDayDto> {
    const redundant = redundantCalendarDay(date, request.kind);
    if (redundant) throw CalendarErrors.redundant(date, request.kind, redundant);
    const day = await this.calendar.upsertDay(
      { date, kind: request.kind, name: request.name.trim() },
      identity.username,
    );
    return toCalendarDayDto(day);
  }

  async deleteDay(identity: Identity, date: string): Promise<void> {
    const removed = await this.calendar.deleteDay(date, identity.username);
    if (!removed) throw CalendarErrors.notFound(date);
  }

  async changes(year: number = yearOf(shanghaiDate(new Date()))): Promise<CalendarChangeDto[]> {
    const changes = await this.calendar.changes(year);
    return changes.map((c) => ({
      id: c.id,
      date: c.date,
      action: c.action,
      before: c.before,
      after: c.after,
      changedBy: c.changedBy,
      changedAt: c.changedAt,
    }));
  }
}

function toCalendarDayDto(day: CalendarDayRecord): CalendarDayDto {
  return {
    date: day.date,
    kind: day.kind,
    name: day.name,
    source: day.source,
    updatedBy: day.updatedBy,
    updatedAt: day.updatedAt,
  };
}
