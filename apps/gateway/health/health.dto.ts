import { ApiProperty } from '@nestjs/swagger';

export type DependencyState = 'up' | 'down';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}

export class ReadinessChecksDto {
  @ApiProperty({ enum: ['up', 'down'] })
  database: DependencyState;

  @ApiProperty({ enum: ['up', 'down'] })
  temporal: DependencyState;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] })
  status: 'ok' | 'unavailable';

  @ApiProperty({ type: ReadinessChecksDto })
  checks: ReadinessChecksDto;
}
