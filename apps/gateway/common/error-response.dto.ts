import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorResponseDto {
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' })
  code: string;

  @ApiProperty({ example: 'Invalid request: opinion' })
  message: string;

  @ApiPropertyOptional({
    description: 'Code-specific data; for VALIDATION_FAILED a list of {field, rule, message}',
    example: [{ field: 'opinion', rule: 'isNotEmpty', message: 'opinion should not be empty' }],
  })
  details?: unknown;

  @ApiPropertyOptional({ description: 'Only on 500 INTERNAL: quote it when reporting the problem' })
  errorId?: string;
}
