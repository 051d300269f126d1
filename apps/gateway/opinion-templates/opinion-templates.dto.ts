import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { NotBlank } from '../common/request-problems';

export class OpinionTemplateDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  departmentCode: string;

  @ApiProperty({ maxLength: 500 })
  text: string;

  @ApiProperty({ description: 'Username of the CIO who added it (seed: a demo phrase)' })
  createdBy: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

/** The words of a phrase, when it is added or edited. */
export class OpinionTemplateTextDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 500,
    example: '材料齐全，符合法定形式，同意办理。',
    description: 'Not blank; stored without surrounding spaces',
  })
  @IsString()
  @Length(1, 500)
  @NotBlank()
  text: string;
}
