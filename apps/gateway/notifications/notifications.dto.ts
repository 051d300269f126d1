import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../common/pagination.dto';

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Only notifications not yet read' })
  @IsOptional()
  // Query strings are text: only "true" and "false" are booleans here; anything else fails @IsBoolean.
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unreadOnly?: boolean;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    example: 'yellow_card',
    description: 'warning, yellow_card, red_card, deemed_approved, urged, breached',
  })
  kind: string;

  @ApiProperty({ description: 'In the language of Accept-Language (zh-CN by default, en on request)' })
  title: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ description: 'Red cards are urgent' })
  urgent: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  applicationId?: string;

  @ApiPropertyOptional()
  stepKey?: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readAt: Date | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto], description: 'Newest first' })
  items: NotificationDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last' })
  nextCursor: string | null;

  @ApiProperty({ description: 'Unread notifications in the whole inbox' })
  unreadCount: number;
}
