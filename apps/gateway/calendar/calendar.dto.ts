import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  buildMessage,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
} from 'class-validator';
import { CALENDAR_DAY_KINDS, isCalendarDate, type CalendarDayKind } from '../../../libs/domain';
import { NotBlank, withRule } from '../common/request-problems';
import { ISO_TIME_WITH_OFFSET } from '../common/instant.pattern';

export const CALENDAR_TIME_ZONE = 'Asia/Shanghai';
export const MIN_CALENDAR_YEAR = 2000;
export const MAX_CALENDAR_YEAR = 2100;
export const MAX_WORKING_DAYS = 365;

/** A real date written `YYYY-MM-DD` (the shape alone would let 2026-02-30 through). */
function IsCalendarDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
      defaultMessage: buildMessage(
        (each) => `${each}$property must be a real calendar date written YYYY-MM-DD, e.g. 2026-10-01`,
      ),
    },
  });
}

export class CalendarYearQueryDto {
  @ApiPropertyOptional({
    minimum: MIN_CALENDAR_YEAR,
    maximum: MAX_CALENDAR_YEAR,
    description: 'Defaults to the current year in Asia/Shanghai',
    example: 2026,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(MIN_CALENDAR_YEAR)
  @Max(MAX_CALENDAR_YEAR)
  year?: number;
}

export class CalendarEntryDto {
  @ApiProperty({ example: '2026-10-01', format: 'date' })
  date: string;

  @ApiProperty({ example: '国庆节' })
  name: string;

  @ApiProperty({
    example: 'chinese-days@1.5.7',
    description: 'The package the official arrangement came from, or `admin`',
  })
  source: string;
}

export class CalendarYearDto {
  @ApiProperty({ example: 2026 })
  year: number;

  @ApiProperty({ type: [CalendarEntryDto], description: 'Official holidays that fall on a weekday (not working days)' })
  holidays: CalendarEntryDto[];

  @ApiProperty({ type: [CalendarEntryDto], description: 'Make-up working days (调休上班) that fall on a weekend' })
  makeUpWorkdays: CalendarEntryDto[];
}

export class CalendarDateParamDto {
  @ApiProperty({ example: '2026-10-09', format: 'date' })
  @IsCalendarDate()
  date: string;
}

export class CalendarDayRequestDto {
  @ApiProperty({
    enum: CALENDAR_DAY_KINDS,
    description: '`holiday` for a weekday off, `workday` for a Saturday or Sunday that is worked (调休上班)',
  })
  @IsIn(CALENDAR_DAY_KINDS)
  kind: CalendarDayKind;

  @ApiProperty({ minLength: 1, maxLength: 100, example: '国庆节' })
  @IsString()
  @Length(1, 100)
  @NotBlank()
  name: string;
}

export class CalendarDayDto {
  @ApiProperty({ example: '2026-10-09', format: 'date' })
  date: string;

  @ApiProperty({ enum: CALENDAR_DAY_KINDS })
  kind: CalendarDayKind;

  @ApiProperty({ example: '国庆节' })
  name: string;

  @ApiProperty({ example: 'admin' })
  source: string;

  @ApiProperty({ example: 'admin', description: 'Username of the last admin to change it, or `seed`' })
  updatedBy: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}

export class DueDateQueryDto {
  @ApiProperty({
    example: '2026-09-30T10:00:00+08:00',
    description: 'When the limit starts: ISO-8601 with a UTC offset or Z (in a URL, write + as %2B)',
  })
  @IsISO8601({ strict: true })
  @Matches(ISO_TIME_WITH_OFFSET, withRule('INSTANT_WITHOUT_OFFSET'))
  start: string;

  @ApiProperty({ minimum: 1, maximum: MAX_WORKING_DAYS, example: 3 })
  // Query strings are text; "abc" becomes NaN and fails @IsInt.
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_WORKING_DAYS)
  workingDays: number;
}

export class DueDateDto {
  @ApiProperty({ type: String, format: 'date-time' })
  start: Date;

  @ApiProperty({ example: 3 })
  workingDays: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-10-10T16:00:00.000Z',
    description: 'The end (24:00 Asia/Shanghai) of the last counted working day',
  })
  dueAt: Date;

  @ApiProperty({ example: CALENDAR_TIME_ZONE })
  timeZone: string;

  @ApiProperty({
    type: [String],
    example: ['2026-10-08', '2026-10-09', '2026-10-10'],
    description: 'The working days counted, in order (Asia/Shanghai dates); counting starts the day after `start`',
  })
  countedDays: string[];

  @ApiProperty({
    type: [Number],
    example: [],
    description:
      'Years the count runs through that have no calendar entries yet, so only weekends were skipped there ' +
      '(the State Council publishes each year’s arrangement late in the year before)',
  })
  yearsWithoutCalendar: number[];
}

class CalendarDayStateDto {
  @ApiProperty({ enum: CALENDAR_DAY_KINDS })
  kind: CalendarDayKind;

  @ApiProperty()
  name: string;

  @ApiProperty()
  source: string;
}

export class CalendarChangeDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ format: 'date' })
  date: string;

  @ApiProperty({ enum: ['put', 'delete'] })
  action: 'put' | 'delete';

  @ApiProperty({ type: CalendarDayStateDto, nullable: true, description: 'null when the date had no entry' })
  before: CalendarDayStateDto | null;

  @ApiProperty({ type: CalendarDayStateDto, nullable: true, description: 'null when the entry was removed' })
  after: CalendarDayStateDto | null;

  @ApiProperty({ description: 'Username of the admin' })
  changedBy: string;

  @ApiProperty({ type: String, format: 'date-time' })
  changedAt: Date;
}
