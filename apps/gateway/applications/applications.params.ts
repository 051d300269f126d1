import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IdParamDto } from '../common/pagination.dto';

/** `/applications/:id/steps/:key/…` */
export class StepParamsDto extends IdParamDto {
  @ApiProperty({ example: 'fire-safety' })
  @IsString()
  @Length(1, 64)
  key: string;
}
