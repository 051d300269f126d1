import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Identity } from '../auth/auth.types';
import { ErrorResponseDto } from '../common/error-response.dto';
import {
  CalendarChangeDto,
  CalendarDateParamDto,
  CalendarDayDto,
  CalendarDayRequestDto,
  CalendarYearDto,
  CalendarYearQueryDto,
  DueDateDto,
  DueDateQueryDto,
} from './calendar.dto';
import { CalendarService } from './calendar.service';

/**
 * The working-day calendar that time limits are counted by (Asia/Shanghai): weekends off, official
 * holidays off, make-up working days on. Everyone signed in can read it; only `admin` changes it.
 */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @ApiOperation({ summary: 'A year’s holidays and make-up working days (the exceptions to the weekday rule)' })
  @ApiOkResponse({ type: CalendarYearDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED (year)' })
  year(@Query() query: CalendarYearQueryDto): Promise<CalendarYearDto> {
    return this.calendar.year(query.year);
  }

  @Get('due-date')
  @ApiOperation({
    summary: 'When a limit of N working days that starts at `start` ends',
    description:
      'Counting starts on the first working day after the start date (Asia/Shanghai); the limit ends at the end of the Nth working day.',
  })
  @ApiOkResponse({ type: DueDateDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED (start, workingDays)' })
  dueDate(@Query() query: DueDateQueryDto): Promise<DueDateDto> {
    return this.calendar.dueDate(query);
  }

  @Put('days/:date')
  @Roles('admin')
  @ApiOperation({ summary: 'Add or correct a day: a weekday holiday, or a weekend make-up working day' })
  @ApiOkResponse({ type: CalendarDayDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED (date, kind, name)' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE' })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'CALENDAR_DAY_REDUNDANT: a holiday on a weekend, or a make-up working day on a weekday',
  })
  putDay(
    @CurrentUser() identity: Identity,
    @Param() params: CalendarDateParamDto,
    @Body() body: CalendarDayRequestDto,
  ): Promise<CalendarDayDto> {
    return this.calendar.putDay(identity, params.date, body);
  }

  @Delete('days/:date')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a day’s entry: it follows the weekday rule again' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED (date)' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'CALENDAR_DAY_NOT_FOUND' })
  deleteDay(@CurrentUser() identity: Identity, @Param() params: CalendarDateParamDto): Promise<void> {
    return this.calendar.deleteDay(identity, params.date);
  }

  @Get('changes')
  @Roles('admin')
  @ApiOperation({ summary: 'Admin changes to a year’s days, newest first: who, when, before and after' })
  @ApiOkResponse({ type: CalendarChangeDto, isArray: true })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE' })
  changes(@Query() query: CalendarYearQueryDto): Promise<CalendarChangeDto[]> {
    return this.calendar.changes(query.year);
  }
}
