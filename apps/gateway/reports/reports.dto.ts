import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { ISO_TIME_WITH_OFFSET } from '../common/instant.pattern';
import { withRule } from '../common/request-problems';
import { SERVICE_CODE_PATTERN } from '../services/services.drafts.dto';

/** Without `from`, the export covers this many days before `to`. */
export const DEFAULT_WINDOW_DAYS = 30;
/** A longer window is refused: a year of one service is already a large log for a mining tool. */
export const MAX_WINDOW_DAYS = 366;

export class EventLogQueryDto {
  @ApiProperty({
    example: 'restaurant-opening',
    description: 'The service whose applications the log holds: one process per log, as mining tools expect',
  })
  @IsString()
  @Matches(SERVICE_CODE_PATTERN, withRule('SERVICE_CODE_FORMAT'))
  serviceCode: string;

  @ApiPropertyOptional({
    example: '2026-09-01T00:00:00+08:00',
    description: `Applications filed from this instant on (inclusive); default ${DEFAULT_WINDOW_DAYS} days before \`to\`. ISO-8601 with a UTC offset or Z (in a URL, write + as %2B)`,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(ISO_TIME_WITH_OFFSET, withRule('INSTANT_WITHOUT_OFFSET'))
  from?: string;

  @ApiPropertyOptional({
    example: '2026-10-01T00:00:00+08:00',
    description: `Applications filed before this instant (exclusive); default now. At most ${MAX_WINDOW_DAYS} days after \`from\``,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(ISO_TIME_WITH_OFFSET, withRule('INSTANT_WITHOUT_OFFSET'))
  to?: string;
}
