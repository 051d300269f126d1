import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { ROLES, type Role } from '../../../libs/persistence/entities';

export class LoginRequestDto {
  @ApiProperty({ example: 'applicant1' })
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'secret', format: 'password' })
  @IsString()
  @Length(1, 200)
  password: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  username: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiPropertyOptional({ description: 'For staff and dept_cio' })
  departmentCode?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'For applicants' })
  enterpriseId?: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`' })
  accessToken: string;

  @ApiProperty({ description: 'Seconds until the token expires' })
  expiresIn: number;

  @ApiProperty({ type: UserDto })
  user: UserDto;
}
