import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** The form fields beside `file`: what the upload is for, so its limits are known before it is kept. */
export class UploadFileDto {
  @ApiProperty({ example: 'restaurant-opening', description: 'The service the material belongs to' })
  @IsString()
  @Length(1, 64)
  serviceCode: string;

  @ApiProperty({ example: 'floor-plan', description: 'The material; its fileTypes and maxBytes apply' })
  @IsString()
  @Length(1, 64)
  materialCode: string;
}

export class UploadedFileDto {
  @ApiProperty({ format: 'uuid', description: 'Refer to the file by this id in a filing’s materials' })
  id: string;

  @ApiProperty({ example: '消防平面图.pdf', description: 'The name as uploaded' })
  name: string;

  @ApiProperty({ example: 'application/pdf', description: 'Detected from the bytes' })
  contentType: string;

  @ApiProperty({ description: 'Bytes' })
  size: number;

  @ApiProperty({
    example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    description: 'Hex SHA-256',
  })
  sha256: string;
}
