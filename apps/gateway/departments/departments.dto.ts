import { ApiProperty } from '@nestjs/swagger';

export class DepartmentDto {
  @ApiProperty({ example: 'market' })
  code: string;

  @ApiProperty({ example: '市场监督管理局' })
  name: string;

  @ApiProperty({ example: 'Market Supervision Administration' })
  nameEn: string;
}
