import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { CertificateStatus } from '../../../libs/domain';

const STATUSES: CertificateStatus[] = ['valid', 'revoked'];

export class CertificateNumberParamDto {
  @ApiProperty({ example: 'MARKET-2026-000042' })
  @IsString()
  @Length(1, 64)
  number: string;
}

export class VerifyCodeParamDto {
  @ApiProperty({ description: 'The code printed on the certificate and carried by its QR code' })
  @IsString()
  @Length(1, 200)
  verifyCode: string;
}

/** A certificate as the case's parties see it. */
export class CertificateDto {
  @ApiProperty({ example: 'MARKET-2026-000042', description: 'Issuing department, year, running count' })
  number: string;
  @ApiProperty({ description: 'The approving step' }) stepKey: string;
  @ApiProperty({ description: 'The issuing department' }) departmentCode: string;
  @ApiProperty() departmentName: string;
  @ApiProperty({ description: 'The enterprise the certificate is issued to' }) holder: string;
  @ApiProperty({ type: String, format: 'date-time' }) issuedAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) validUntil: Date;
  @ApiProperty({ description: 'The public verification code (see GET /certificates/verify/{verifyCode})' })
  verifyCode: string;
  @ApiProperty({ description: 'The public page the QR code on the PDF opens' }) verifyUrl: string;
  @ApiProperty({ enum: STATUSES }) status: CertificateStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) revokeReason: string | null;
}

/** What anyone learns from a verification code: enough to tell a genuine certificate, no more. */
export class CertificateVerificationDto {
  @ApiProperty({ description: 'Issued here, not revoked and within its validity' }) valid: boolean;
  @ApiProperty() number: string;
  @ApiProperty() holder: string;
  @ApiProperty() departmentName: string;
  @ApiProperty() serviceName: string;
  @ApiProperty({ type: String, format: 'date-time' }) issuedAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) validUntil: Date;
  @ApiProperty({ enum: STATUSES }) status: CertificateStatus;
  @ApiProperty({ description: 'The validity has ended (a valid status, but no longer in force)' }) expired: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) revokedAt: Date | null;
}
