import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorResponseDto {
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' })
  code: string;

  @ApiProperty({ example: 'Invalid request: opinion' })
  message: string;

  @ApiPropertyOptional({
    description:
      'Code-specific data. For VALIDATION_FAILED (400) a list of {field, rule, params, message}; for a rule ' +
      'violation (422) a list of {path, rule, params, message} (see ProblemDto). `rule` is a stable code and ' +
      '`params` the values of its sentence, for translation; `message` is the sentence in English.',
    example: [{ field: 'overallLimitDays', rule: 'BELOW_MIN', params: { min: 1 }, message: 'must be at least 1' }],
  })
  details?: unknown;

  @ApiPropertyOptional({ description: 'Only on 500 INTERNAL: quote it when reporting the problem' })
  errorId?: string;
}
