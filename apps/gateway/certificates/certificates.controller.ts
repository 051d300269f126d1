import { Controller, Get, Param, Res, StreamableFile, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { create as contentDisposition } from 'content-disposition';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import type { Identity } from '../auth/auth.types';
import { ErrorResponseDto } from '../common/error-response.dto';
import { IdParamDto } from '../common/pagination.dto';
import { CertificateVerifyThrottleGuard } from './certificate-verify-throttle.guard';
import {
  CertificateDto,
  CertificateNumberParamDto,
  CertificateVerificationDto,
  VerifyCodeParamDto,
} from './certificates.dto';
import { CertificatesService } from './certificates.service';

interface HeaderSetter {
  setHeader(name: string, value: string): void;
}

@ApiTags('certificates')
@Controller()
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get('applications/:id/certificates')
  @ApiBearerAuth()
  @Roles('applicant', 'staff', 'dept_cio', 'coord_cio', 'admin')
  @ApiOperation({
    summary: 'The certificates (电子证照) of an approved case: one per approving step, by its department',
  })
  @ApiOkResponse({ type: [CertificateDto] })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'APPLICATION_NOT_FOUND (also outside your scope)' })
  forApplication(@CurrentUser() identity: Identity, @Param() params: IdParamDto): Promise<CertificateDto[]> {
    return this.certificates.forApplication(identity, params.id);
  }

  // Registered before `certificates/:number/pdf`, which has as many path segments.
  @Get('certificates/verify/:verifyCode')
  @Public()
  @UseGuards(CertificateVerifyThrottleGuard)
  @ApiOperation({
    summary:
      'Public, no login: whether a certificate is genuine and in force (valid, revoked; 404 unknown). Rate-limited per client address.',
  })
  @ApiOkResponse({ type: CertificateVerificationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'CERTIFICATE_UNKNOWN' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'TOO_MANY_REQUESTS (see Retry-After)' })
  verify(
    @Param() params: VerifyCodeParamDto,
    @Res({ passthrough: true }) response: HeaderSetter,
  ): Promise<CertificateVerificationDto> {
    // A revocation must show at once: no cache may keep an older answer.
    response.setHeader('Cache-Control', 'no-store');
    return this.certificates.verify(params.verifyCode);
  }

  @Get('certificates/:number/pdf')
  @ApiBearerAuth()
  @Roles('applicant', 'staff', 'dept_cio', 'coord_cio', 'admin')
  @ApiOperation({ summary: 'The certificate as a PDF (Chinese, with a QR code of its public verification page)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF, as an attachment named after the certificate number' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'CERTIFICATE_NOT_FOUND (also outside your scope)' })
  @ApiServiceUnavailableResponse({
    type: ErrorResponseDto,
    description: 'CERTIFICATE_PDF_UNAVAILABLE (the CJK font is missing)',
  })
  async pdf(
    @CurrentUser() identity: Identity,
    @Param() params: CertificateNumberParamDto,
    @Res({ passthrough: true }) response: HeaderSetter,
  ): Promise<StreamableFile> {
    const { certificate, pdf } = await this.certificates.pdfOf(identity, params.number);
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      length: pdf.length,
      disposition: contentDisposition(`${certificate.number}.pdf`),
    });
  }
}
